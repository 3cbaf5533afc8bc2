using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Tests.Webhooks;
using Apinator.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Hardening;

/// <summary>
/// Issue 11: a validly signed webhook body with out-of-range or wrongly typed fields is answered 400
/// (and logged) or handled, never 500 (which the service would retry forever). Both protocols,
/// through the endpoint, bodies signed here with HMAC-SHA256.
/// </summary>
public sealed class WebhookOutOfRangeHardeningTests
{
    private const string Occupied = """{"name":"channel_occupied","channel":"private-a"}""";
    private static readonly string DeepArrays = new string('[', 10_000) + new string(']', 10_000);

    private readonly WebhookCallLog _log = new();

    /// <summary>Bodies that are unusable: 400.</summary>
    public static TheoryData<ApinatorProtocol, string> Unusable()
    {
        string[] bodies =
        [
            """{"time_ms":1,"events":5}""",
            """{"time_ms":1,"events":"x"}""",
            """{"time_ms":1,"events":{}}""",
            """{"time_ms":1,"events":[5]}""",
            """{"time_ms":1,"events":[null]}""",
            """{"time_ms":1,"events":[[]]}""",
            """{"time_ms":1,"events":[{"name":12,"channel":"private-a"}]}""",
            """{"time_ms":1,"events":[{"name":null,"channel":"private-a"}]}""",
            """{"time_ms":1,"events":[{"channel":"private-a"}]}""",
            """{"time_ms":1,"events":[{"name":"channel_occupied","channel":"\ud800"}]}""",
            """{"time_ms":1,"events":[{"name":"\udfff","channel":"private-a"}]}""",
            $$"""{"time_ms":1,"events":[{"name":"client_event","channel":"private-a","event":"e","data":{{DeepArrays}}}]}""",
            $$"""{"time_ms":1,"events":[],"extra":{{DeepArrays}}}""",
            $$"""{"time_ms":1e30,"events":[{{Occupied}}]}""",
            $$"""{"time_ms":-5,"events":[{{Occupied}}]}""",
            $$"""{"time_ms":9223372036854775807,"events":[{{Occupied}}]}""",
            $$"""{"time_ms":9223372036854775808,"events":[{{Occupied}}]}""",
            $$"""{"time_ms":253402300800000,"events":[{{Occupied}}]}""",
            $$"""{"time_ms":"soon","events":[{{Occupied}}]}""",
            """{"time_ms":1,"events":[{"name":"subscription_count","channel":"private-a","subscription_count":1e20}]}""",
            """{"time_ms":1,"events":[{"name":"subscription_count","channel":"private-a","subscription_count":-1e400}]}""",
            """{"time_ms":1,"events":[{"name":"subscription_count","channel":"private-a","subscription_count":-1}]}""",
            """{"time_ms":1,"events":[{"name":"subscription_count","channel":"private-a","subscription_count":"3"}]}""",
            """{"time_ms":1,"events":[{"name":"subscription_count","channel":"private-a"}]}""",
            $$"""{"time_ms":null,"events":[{{Occupied}}]}""",
            $$"""[{{Occupied}}]""",
            "5",
            "null",
            "{",
            "",
        ];
        var data = new TheoryData<ApinatorProtocol, string>();
        foreach (var protocol in new[] { ApinatorProtocol.Pusher, ApinatorProtocol.Apinator })
        {
            foreach (var body in bodies) data.Add(protocol, body);
        }

        return data;
    }

    /// <summary>Bodies whose odd fields the handler can live with (a name that is not a string is read as absent; an undecryptable event carries its error): handled, 200.</summary>
    public static TheoryData<ApinatorProtocol, string> Tolerated()
    {
        string[] bodies =
        [
            """{"time_ms":1,"events":[{"name":"member_added","channel":12,"user_id":{"id":1}}]}""",
            """{"time_ms":1,"events":[{"name":"client_event","channel":"private-a","event":12,"data":{"a":[[[[[[[[[[1]]]]]]]]]]}}]}""",
            """{"time_ms":1,"events":[{"name":"client_event","channel":"private-encrypted-a","event":"e","data":{"nonce":5,"ciphertext":[]}}]}""",
        ];
        var data = new TheoryData<ApinatorProtocol, string>();
        foreach (var protocol in new[] { ApinatorProtocol.Pusher, ApinatorProtocol.Apinator })
        {
            foreach (var body in bodies) data.Add(protocol, body);
        }

        return data;
    }

    private Task<TestApp> StartAsync(ApinatorProtocol protocol, TimeSpan? maxAge) => TestApp.StartAsync(
        apinator: a => a.ConfigureWebhooks(w => w.MaxAge = maxAge),
        map: app => app.MapApinatorWebhooks<RecordingWebhookHandler>(),
        options: o => o.Protocol = protocol,
        services: s =>
        {
            s.AddSingleton(_log);
            s.AddScoped<RecordingWebhookHandler>();
        });

    /// <summary>Signed here, over the exact bytes, the way each service signs.</summary>
    private static HttpRequestMessage Signed(ApinatorProtocol protocol, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookDeliveries.Path) { Content = content };
        var secret = Encoding.UTF8.GetBytes(TestApp.Secret);
        if (protocol == ApinatorProtocol.Pusher)
        {
            request.Headers.Add("X-Pusher-Key", TestApp.Key);
            request.Headers.Add("X-Pusher-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
        }
        else
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("X-Realtime-Timestamp", timestamp);
            request.Headers.Add("X-Realtime-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(secret, (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. body])));
        }

        return request;
    }

    private static async Task AssertUnusableAsync(TestApp app, HttpResponseMessage response)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.StartsWith("Apinator", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_signed_unusable_body_is_answered_400_and_logged(ApinatorProtocol protocol, string body)
    {
        await using var app = await StartAsync(protocol, maxAge: null);

        var response = await app.Client.SendAsync(Signed(protocol, Encoding.UTF8.GetBytes(body)));

        await AssertUnusableAsync(app, response);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_signed_body_with_invalid_UTF8_is_answered_400_and_logged(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, maxAge: null);
        byte[] body = [.. """{"time_ms":1,"events":[{"name":"channel_occupied","channel":" """u8, 0xFF, 0xFE, .. "\"}]}"u8];

        var response = await app.Client.SendAsync(Signed(protocol, body));

        await AssertUnusableAsync(app, response);
    }

    [Theory]
    [MemberData(nameof(Tolerated))]
    public async Task A_signed_body_with_odd_fields_is_handled_not_failed(ApinatorProtocol protocol, string body)
    {
        await using var app = await StartAsync(protocol, maxAge: null);

        var response = await app.Client.SendAsync(Signed(protocol, Encoding.UTF8.GetBytes(body)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData("1e30", HttpStatusCode.BadRequest)]
    [InlineData("\"soon\"", HttpStatusCode.BadRequest)]
    [InlineData("-5", HttpStatusCode.BadRequest)]
    [InlineData("9223372036854775807", HttpStatusCode.BadRequest)]
    [InlineData("-9223372036854775808", HttpStatusCode.BadRequest)]
    public async Task A_Pusher_time_ms_that_is_not_a_usable_time_is_malformed_not_clamped(string timeMs, HttpStatusCode expected)
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher, maxAge: TimeSpan.FromMinutes(5));

        var response = await app.Client.SendAsync(Signed(ApinatorProtocol.Pusher, Encoding.UTF8.GetBytes($$"""{"time_ms":{{timeMs}},"events":[{{Occupied}}]}""")));

        await ProblemAssert.IsProblemAsync(response, expected);
        Assert.Empty(_log.Calls);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning);
    }
}
