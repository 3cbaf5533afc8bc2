using System.Diagnostics;
using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Tests.Webhooks;
using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Diagnostics;

[CollectionDefinition(nameof(EndpointTelemetryTests), DisableParallelization = true)]
public sealed class EndpointTelemetryCollection;

/// <summary>The endpoints' spans and metrics, read with ActivityListener and MeterListener as OpenTelemetry would.</summary>
[Collection(nameof(EndpointTelemetryTests))]
public sealed class EndpointTelemetryTests : IDisposable
{
    private readonly TelemetryRecorder _telemetry = new();

    private IReadOnlyList<Activity> Spans => _telemetry.Activities;

    private IReadOnlyList<TelemetryRecorder.Measurement> Measured => _telemetry.Measurements;

    [Fact]
    public async Task Auth_decisions_are_counted_by_outcome_reason_and_channel_type_without_names()
    {
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AuthorizeChannel("private-user-{id}", c => c.UserId == c.Values["id"]),
            map: a => a.MapApinatorChannelAuth());

        await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "1.2", "private-user-alice").As("alice"));
        await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "1.2", "private-user-bob").As("alice"));
        await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "1.2", "private-nothing").As("alice"));
        await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "1.2:private-x", "private-user-alice").As("alice"));

        var decisions = Measured.Where(c => c.Instrument == "apinator.auth.decisions").Select(c => (
            (string?)c.Tags["apinator.auth.outcome"], (string?)c.Tags["apinator.auth.reason"], c.Tags.GetValueOrDefault("apinator.channel.type") as string)).ToList();
        Assert.Equal(
            [("granted", "granted", "private"), ("refused", "rule_refused", "private"), ("refused", "no_rule", "private"), ("refused", "invalid_socket_id", null)],
            decisions);
        Assert.DoesNotContain(Measured.SelectMany(c => c.Tags.Values), v => v is string s && (s.Contains("alice", StringComparison.Ordinal) || s.Contains("1.2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_delivery_is_one_span_with_a_child_span_per_handler_call_and_counted_by_outcome()
    {
        await using var app = await StartWebhooksAsync();
        var time = DateTimeOffset.UtcNow;
        var body = WebhookDeliveries.Envelope(time,
            """{"name":"channel_occupied","channel":"private-a"}""",
            """{"name":"member_added","channel":"presence-c","user_id":"u-1"}""");

        var handled = await app.Client.SendAsync(WebhookDeliveries.Pusher(body));
        var forged = await app.Client.SendAsync(WebhookDeliveries.Pusher(body, secret: "not-the-secret"));
        var replayed = await app.Client.SendAsync(WebhookDeliveries.Pusher(body));

        Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        var deliveries = Spans.Where(a => a.OperationName == "apinator.webhook.receive").ToList();
        Assert.Equal(["handled", "not_verified", "duplicate"], deliveries.Select(d => d.GetTagItem("apinator.webhook.outcome")));
        var handlers = Spans.Where(a => a.OperationName.StartsWith("apinator.webhook.handle ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["apinator.webhook.handle channel_occupied", "apinator.webhook.handle member_added"], handlers.Select(h => h.OperationName));
        Assert.All(handlers, h => Assert.Equal(deliveries[0].SpanId, h.ParentSpanId));
        Assert.Equal(["handled", "not_verified", "duplicate"], Measured.Where(c => c.Instrument == "apinator.webhook.deliveries").Select(c => c.Tags["apinator.webhook.outcome"]));
        Assert.Equal(2, Measured.Where(c => c.Instrument == "apinator.webhook.events").Sum(c => c.Value));
    }

    [Fact]
    public async Task A_failing_handler_marks_its_span_and_the_delivery_as_errors()
    {
        await using var app = await StartWebhooksAsync<ThrowingWebhookHandler>();
        var body = WebhookDeliveries.Envelope(DateTimeOffset.UtcNow, """{"name":"channel_occupied","channel":"private-a"}""");

        var response = await app.Client.SendAsync(WebhookDeliveries.Pusher(body));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var handler = Assert.Single(Spans, a => a.OperationName == "apinator.webhook.handle channel_occupied");
        Assert.Equal(ActivityStatusCode.Error, handler.Status);
        Assert.Equal(nameof(InvalidOperationException), handler.GetTagItem("error.type"));
        var delivery = Assert.Single(Spans, a => a.OperationName == "apinator.webhook.receive");
        Assert.Equal("handler_failed", delivery.GetTagItem("apinator.webhook.outcome"));
        Assert.Equal(ActivityStatusCode.Error, delivery.Status);
    }

    [Fact]
    public async Task A_copy_of_a_delivery_in_progress_is_counted_as_in_progress_not_as_an_error()
    {
        var gates = new HandlerGates();
        await using var app = await TestApp.StartAsync(
            map: a => a.MapApinatorWebhooks<FlakyWebhookHandler>(),
            options: o => o.Protocol = ApinatorProtocol.Pusher,
            services: s => s.AddSingleton(new WebhookCallLog()).AddSingleton(new FailureSchedule()).AddSingleton(gates));
        var body = WebhookDeliveries.Envelope(DateTimeOffset.UtcNow, """{"name":"channel_occupied","channel":"private-a"}""");
        var gate = gates.Close("private-a");
        var first = app.Client.SendAsync(WebhookDeliveries.Pusher(body));
        await gate.Reached;

        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(WebhookDeliveries.Pusher(body)));
        gate.Open();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);

        var deliveries = Spans.Where(a => a.OperationName == "apinator.webhook.receive").ToList();
        Assert.Equal(["in_progress", "handled"], deliveries.Select(d => d.GetTagItem("apinator.webhook.outcome")));
        Assert.NotEqual(ActivityStatusCode.Error, deliveries[0].Status);
        Assert.Equal(["in_progress", "handled"], Measured.Where(c => c.Instrument == "apinator.webhook.deliveries").Select(c => c.Tags["apinator.webhook.outcome"]));
    }

    public void Dispose() => _telemetry.Dispose();

    private static Task<TestApp> StartWebhooksAsync<THandler>()
        where THandler : class, AspNetCore.Webhooks.IWebhookHandler =>
        TestApp.StartAsync(
            map: a => a.MapApinatorWebhooks<THandler>(),
            options: o => o.Protocol = ApinatorProtocol.Pusher,
            services: s =>
            {
                s.AddSingleton(new WebhookCallLog());
                s.AddScoped<THandler>();
            });

    private static Task<TestApp> StartWebhooksAsync() => StartWebhooksAsync<RecordingWebhookHandler>();
}
