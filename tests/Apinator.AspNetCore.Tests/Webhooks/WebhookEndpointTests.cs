using System.Net;
using System.Text;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

public sealed class WebhookEndpointTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly WebhookCallLog _log = new();

    private const string Occupied = """{"name":"channel_occupied","channel":"private-a"}""";
    private const string MemberAdded = """{"name":"member_added","channel":"presence-c","user_id":"u-1"}""";

    private Task<TestApp> StartAsync(ApinatorProtocol protocol, Action<ApinatorWebhookOptions>? webhooks = null, Action<ApinatorOptions>? options = null) =>
        StartAsync<RecordingWebhookHandler>(protocol, webhooks, options);

    private Task<TestApp> StartAsync<THandler>(ApinatorProtocol protocol, Action<ApinatorWebhookOptions>? webhooks = null, Action<ApinatorOptions>? options = null)
        where THandler : class, IWebhookHandler => TestApp.StartAsync(
        apinator: a => { if (webhooks is not null) a.ConfigureWebhooks(webhooks); },
        map: app => app.MapApinatorWebhooks<THandler>(),
        options: o => { o.Protocol = protocol; options?.Invoke(o); },
        services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton(_log);
            s.AddScoped<RecordingWebhookHandler>();
        });

    /// <summary>A delivery signed the way <paramref name="protocol"/> signs, dated <paramref name="time"/>.</summary>
    private static HttpRequestMessage Deliver(ApinatorProtocol protocol, DateTimeOffset time, params string[] events) =>
        Sign(protocol, WebhookDeliveries.Envelope(time, events), time);

    private static HttpRequestMessage Sign(ApinatorProtocol protocol, string body, DateTimeOffset time, string secret = TestApp.Secret, string contentType = "application/json") =>
        protocol == ApinatorProtocol.Pusher
            ? WebhookDeliveries.Pusher(body, secret: secret, contentType: contentType)
            : WebhookDeliveries.Apinator(body, time, secret: secret, contentType: contentType);

    private static async Task AssertOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Each_event_reaches_its_typed_method_in_order(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);

        var response = await app.Client.SendAsync(Deliver(protocol, Start,
            Occupied,
            """{"name":"channel_vacated","channel":"private-b"}""",
            MemberAdded,
            """{"name":"member_removed","channel":"presence-c","user_id":"u-2"}""",
            """{"name":"client_event","channel":"private-d","event":"client-typing","data":"{\"x\":1}","socket_id":"1.2","user_id":"u-3"}""",
            """{"name":"subscription_count","channel":"private-e","subscription_count":7}""",
            """{"name":"cache_miss","channel":"cache-f"}""",
            """{"name":"brand_new_event","channel":"private-g","extra":1}"""));

        await AssertOkAsync(response);
        var calls = _log.Calls;
        Assert.Equal(
            ["OnChannelOccupiedAsync", "OnChannelVacatedAsync", "OnMemberAddedAsync", "OnMemberRemovedAsync", "OnClientEventAsync", "OnSubscriptionCountAsync", "OnCacheMissAsync", "OnOtherEventAsync"],
            calls.Select(c => c.Method));
        Assert.Equal(new ChannelOccupiedEvent("private-a"), calls[0].Event);
        Assert.Equal(new ChannelVacatedEvent("private-b"), calls[1].Event);
        Assert.Equal(new MemberAddedEvent("presence-c", "u-1"), calls[2].Event);
        Assert.Equal(new MemberRemovedEvent("presence-c", "u-2"), calls[3].Event);
        Assert.Equal(new ClientEvent("private-d", "client-typing", """{"x":1}""", "1.2", "u-3"), calls[4].Event);
        Assert.Equal(new SubscriptionCountEvent("private-e", 7), calls[5].Event);
        Assert.Equal(new CacheMissEvent("cache-f"), calls[6].Event);
        var unknown = Assert.IsType<UnknownWebhookEvent>(calls[7].Event);
        Assert.Equal(("brand_new_event", "private-g"), (unknown.Name, unknown.Channel));
        Assert.Contains("\"extra\":1", unknown.RawJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"event":"member_added","channel":"presence-x","user_id":"u-9"}""")]
    [InlineData("""{"type":"member_added","channel":"presence-x","user_id":"u-9"}""")]
    public async Task Apinator_single_event_bodies_are_dispatched(string body)
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);

        await AssertOkAsync(await app.Client.SendAsync(WebhookDeliveries.Apinator(body, Start)));

        var call = Assert.Single(_log.Calls);
        Assert.Equal(("OnMemberAddedAsync", new MemberAddedEvent("presence-x", "u-9")), (call.Method, (MemberAddedEvent)call.Event));
    }

    [Fact]
    public async Task Apinator_signature_with_sha256_prefix_is_accepted()
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);
        var request = Deliver(ApinatorProtocol.Apinator, Start, MemberAdded);
        var signature = request.Headers.GetValues("X-Realtime-Signature").Single();
        request.Headers.Remove("X-Realtime-Signature");
        request.Headers.Add("X-Realtime-Signature", "sha256=" + signature);

        await AssertOkAsync(await app.Client.SendAsync(request));
        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Tampered_body_is_a_401_problem_and_the_handler_is_not_called(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var request = Deliver(protocol, Start, MemberAdded);
        var tampered = (await request.Content!.ReadAsStringAsync()).Replace("u-1", "u-2", StringComparison.Ordinal);
        request.Content = new StringContent(tampered, Encoding.UTF8, "application/json");

        var response = await app.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(_log.Calls);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("BadSignature", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Signature_made_with_another_secret_is_a_401_problem(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);

        var response = await app.Client.SendAsync(Sign(protocol, WebhookDeliveries.Envelope(Start, MemberAdded), Start, secret: "not-the-secret"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher, "X-Pusher-Signature")]
    [InlineData(ApinatorProtocol.Pusher, "X-Pusher-Key")]
    [InlineData(ApinatorProtocol.Apinator, "X-Realtime-Signature")]
    [InlineData(ApinatorProtocol.Apinator, "X-Realtime-Timestamp")]
    public async Task Missing_signature_header_is_a_401_problem(ApinatorProtocol protocol, string header)
    {
        await using var app = await StartAsync(protocol);
        var request = Deliver(protocol, Start, MemberAdded);
        Assert.True(request.Headers.Remove(header));

        var response = await app.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(header, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("")]
    [InlineData("00")]
    public async Task Garbage_signature_is_a_401_problem(string signature)
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        var request = Deliver(ApinatorProtocol.Pusher, Start, MemberAdded);
        request.Headers.Remove("X-Pusher-Signature");
        request.Headers.TryAddWithoutValidation("X-Pusher-Signature", signature);

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.Empty(_log.Calls);
    }

    [Fact]
    public async Task Delivery_for_another_app_key_is_a_401_problem()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);

        var response = await app.Client.SendAsync(WebhookDeliveries.Pusher(body, key: "other-app-key"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("key", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Webhook_secret_wins_over_the_app_secret(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, options: o => o.WebhookSecret = "webhook-secret");
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);

        var withAppSecret = await app.Client.SendAsync(Sign(protocol, body, Start));
        var withWebhookSecret = await app.Client.SendAsync(Sign(protocol, body, Start, secret: "webhook-secret"));

        await ProblemAssert.IsProblemAsync(withAppSecret, HttpStatusCode.Unauthorized);
        await AssertOkAsync(withWebhookSecret);
        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Delivery_older_than_max_age_is_a_401_problem(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);

        _time.Advance(TimeSpan.FromMinutes(5));
        var justInTime = await app.Client.SendAsync(Sign(protocol, body, Start));
        _time.Advance(TimeSpan.FromSeconds(1));
        var replayed = await app.Client.SendAsync(Sign(protocol, body, Start));

        await AssertOkAsync(justInTime);
        var problem = await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized);
        Assert.Contains("old", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Delivery_dated_beyond_the_clock_skew_is_a_401_problem(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);

        var withinSkew = await app.Client.SendAsync(Deliver(protocol, Start.AddSeconds(30), MemberAdded));
        var fromTheFuture = await app.Client.SendAsync(Deliver(protocol, Start.AddSeconds(31), MemberAdded));

        await AssertOkAsync(withinSkew);
        var problem = await ProblemAssert.IsProblemAsync(fromTheFuture, HttpStatusCode.Unauthorized);
        Assert.Contains("future", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Configured_max_age_and_clock_skew_are_used(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, webhooks: w =>
        {
            w.MaxAge = TimeSpan.FromMinutes(1);
            w.AllowedClockSkew = TimeSpan.FromSeconds(5);
        });
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);

        var future = await app.Client.SendAsync(Deliver(protocol, Start.AddSeconds(6), MemberAdded));
        _time.Advance(TimeSpan.FromSeconds(61));
        var expired = await app.Client.SendAsync(Sign(protocol, body, Start));

        await ProblemAssert.IsProblemAsync(future, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Unauthorized);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Max_age_null_accepts_old_deliveries(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, webhooks: w => w.MaxAge = null);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);

        _time.Advance(TimeSpan.FromDays(2));
        await AssertOkAsync(await app.Client.SendAsync(Sign(protocol, body, Start)));

        Assert.Single(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher, "{not json")]
    [InlineData(ApinatorProtocol.Apinator, "{not json")]
    [InlineData(ApinatorProtocol.Pusher, "[1,2]")]
    [InlineData(ApinatorProtocol.Apinator, "[1,2]")]
    [InlineData(ApinatorProtocol.Pusher, """{"time_ms":1748779200000,"events":{}}""")]
    [InlineData(ApinatorProtocol.Apinator, """{"time_ms":1748779200000,"events":{}}""")]
    [InlineData(ApinatorProtocol.Pusher, """{"time_ms":1748779200000,"events":[{"channel":"private-a"}]}""")]
    [InlineData(ApinatorProtocol.Apinator, """{"time_ms":1748779200000,"events":[42]}""")]
    [InlineData(ApinatorProtocol.Pusher, """{"events":[{"name":"channel_occupied","channel":"private-a"}]}""")]

    // Issue 21: bytes after the JSON make it malformed too, not a delivery of what came before them.
    [InlineData(ApinatorProtocol.Pusher, """{"time_ms":1748779200000,"events":[{"name":"channel_occupied","channel":"private-a"}]}BAD""")]
    [InlineData(ApinatorProtocol.Apinator, """{"event":"channel_occupied","channel":"private-a"}BAD""")]
    [InlineData(ApinatorProtocol.Apinator, """{"event":"channel_occupied","channel":"private-a"}{"event":"channel_vacated","channel":"private-a"}""")]
    public async Task Malformed_body_with_a_valid_signature_is_a_400_problem(ApinatorProtocol protocol, string body)
    {
        Assert.Equal(1748779200000, Start.ToUnixTimeMilliseconds());
        await using var app = await StartAsync(protocol);

        var response = await app.Client.SendAsync(Sign(protocol, body, Start));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(_log.Calls);
    }

    [Fact]
    public async Task Apinator_timestamp_that_is_not_a_number_is_a_400_problem()
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookDeliveries.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Realtime-Timestamp", "soon");
        request.Headers.Add("X-Realtime-Signature", Channels.ExpectedAuth.Hmac(TestApp.Secret, "soon." + body));

        var response = await app.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Body_over_max_body_bytes_is_a_413_problem(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, webhooks: w => w.MaxBodyBytes = 512);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded);
        var exactly = body.PadRight(512);
        var over = body.PadRight(513);

        var accepted = await app.Client.SendAsync(Sign(protocol, exactly, Start));
        var refused = await app.Client.SendAsync(Sign(protocol, over, Start));

        await AssertOkAsync(accepted);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
        Assert.Single(_log.Calls);
    }

    [Fact]
    public async Task Body_over_max_body_bytes_without_a_content_length_is_a_413_problem()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher, webhooks: w => w.MaxBodyBytes = 512);
        var body = WebhookDeliveries.Envelope(Start, MemberAdded).PadRight(5000);
        var request = WebhookDeliveries.Pusher(body);
        request.Content = new UnsizedContent(Encoding.UTF8.GetBytes(body), "application/json");

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher, "text/plain")]
    [InlineData(ApinatorProtocol.Apinator, "text/plain")]
    [InlineData(ApinatorProtocol.Pusher, "application/x-www-form-urlencoded")]
    public async Task Other_content_types_are_a_415_problem(ApinatorProtocol protocol, string contentType)
    {
        await using var app = await StartAsync(protocol);

        var response = await app.Client.SendAsync(Sign(protocol, WebhookDeliveries.Envelope(Start, MemberAdded), Start, contentType: contentType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.realtime+json")]
    public async Task Json_media_types_are_accepted(string contentType)
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);

        var response = await app.Client.SendAsync(Sign(ApinatorProtocol.Pusher, WebhookDeliveries.Envelope(Start, MemberAdded), Start, contentType: contentType));

        await AssertOkAsync(response);
        Assert.Single(_log.Calls);
    }

    [Fact]
    public async Task Missing_content_type_is_a_415_problem()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        var request = Deliver(ApinatorProtocol.Pusher, Start, MemberAdded);
        request.Content!.Headers.ContentType = null;

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(_log.Calls);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Handler_that_throws_is_a_logged_500_problem(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync<ThrowingWebhookHandler>(protocol);

        var response = await app.Client.SendAsync(Deliver(protocol, Start, MemberAdded, Occupied, MemberAdded));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        // The handler's own error stays in the log, not in the answer.
        Assert.DoesNotContain("database", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Single(_log.Calls);
        var entry = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("Apinator.AspNetCore.Webhooks", entry.Category);
        Assert.Contains(nameof(ThrowingWebhookHandler), entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }
}
