using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>While a webhook secret is rotated, deliveries signed with the new or the previous ones are genuine.</summary>
public sealed class WebhookSecretRotationTests
{
    private const string Current = "webhook-secret-2";
    private const string Previous = "webhook-secret-1";
    private const string Older = "webhook-secret-0";

    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly WebhookCallLog _log = new();
    private int _deliveries;

    private Task<TestApp> StartAsync(ApinatorProtocol protocol, Action<ApinatorOptions> options) => TestApp.StartAsync(
        map: app => app.MapApinatorWebhooks<RecordingWebhookHandler>(),
        options: o => { o.Protocol = protocol; options(o); },
        services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton(_log);
            s.AddScoped<RecordingWebhookHandler>();
        });

    private HttpRequestMessage Signed(ApinatorProtocol protocol, string secret)
    {
        // A different delivery each time, so none is taken for a replay of another.
        var body = WebhookDeliveries.Envelope(Start, $$"""{"name":"channel_occupied","channel":"private-{{++_deliveries}}"}""");
        return protocol == ApinatorProtocol.Pusher ? WebhookDeliveries.Pusher(body, secret: secret) : WebhookDeliveries.Apinator(body, Start, secret: secret);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Deliveries_signed_with_the_current_or_a_previous_webhook_secret_are_accepted(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, o =>
        {
            o.WebhookSecret = Current;
            o.PreviousWebhookSecrets = [Previous, Older];
        });

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Signed(protocol, Current))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Signed(protocol, Previous))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Signed(protocol, Older))).StatusCode);
        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Signed(protocol, "someone-else")), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Signed(protocol, TestApp.Secret)), HttpStatusCode.Unauthorized);

        Assert.Equal(3, _log.Calls.Count);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Without_a_webhook_secret_the_app_secret_and_the_previous_ones_are_accepted(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, o => o.PreviousWebhookSecrets = [Previous]);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Signed(protocol, TestApp.Secret))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Signed(protocol, Previous))).StatusCode);
        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Signed(protocol, Current)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Previous_secrets_bind_from_configuration_as_an_array()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = "1",
            ["Apinator:Key"] = "k",
            ["Apinator:Secret"] = "s",
            ["Apinator:Cluster"] = "eu",
            ["Apinator:WebhookSecret"] = Current,
            ["Apinator:PreviousWebhookSecrets:0"] = Previous,
            ["Apinator:PreviousWebhookSecrets:1"] = Older,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApinator(configuration.GetSection("Apinator"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal([Previous, Older], provider.GetRequiredService<IOptions<ApinatorOptions>>().Value.PreviousWebhookSecrets);
        var verifier = provider.GetRequiredService<WebhookVerifier>();
        Assert.True(Verify(verifier, Older).IsValid);
    }

    [Fact]
    public void An_empty_previous_secret_is_refused_by_position_without_showing_any_secret()
    {
        var options = new ApinatorOptions { AppId = "1", Key = "k", Secret = "s", Cluster = "eu", PreviousWebhookSecrets = [Previous, ""] };

        var error = Assert.Single(options.Validate());
        Assert.Equal("Apinator:PreviousWebhookSecrets:1 is empty; remove it or set the old secret.", error);
        Assert.Throws<ApinatorConfigurationException>(() => new WebhookVerifier(options));
    }

    [Fact]
    public void Previous_secrets_are_never_shown()
    {
        var options = new ApinatorOptions { AppId = "1", Key = "k", Secret = "s", Cluster = "eu", PreviousWebhookSecrets = [Previous, Older] };

        var shown = options.ToString();
        Assert.DoesNotContain(Previous, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Older, shown, StringComparison.Ordinal);
        Assert.Contains("PreviousWebhookSecrets = 2 × ***", shown, StringComparison.Ordinal);
    }

    private static WebhookVerificationResult Verify(WebhookVerifier verifier, string secret)
    {
        var body = """{"event":"channel_occupied","channel":"c"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            ["X-Realtime-Timestamp"] = timestamp,
            ["X-Realtime-Signature"] = Channels.ExpectedAuth.Hmac(secret, $"{timestamp}.{body}"),
        };
        return verifier.Verify(headers, System.Text.Encoding.UTF8.GetBytes(body));
    }
}
