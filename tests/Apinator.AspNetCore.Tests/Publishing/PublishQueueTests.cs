using System.Net;
using Apinator.AspNetCore.Publishing;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// The publish queue end to end over a scripted service, on a fake clock: nothing here waits on the
/// wall clock (sinks and clocks signal). The queue's instruments are measured only by this class, whose
/// tests run one at a time, so its counts are its own.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class PublishQueueTests
{
    [Fact]
    public async Task An_event_that_breaks_a_rule_is_refused_at_enqueue_and_nothing_is_queued()
    {
        await using var app = new QueueHarness(client: o => o.MaxDataBytes = 100);

        var channel = await Assert.ThrowsAsync<ApinatorValidationException>(() => app.Publisher.EnqueueAsync("bad channel!", "e", "x").AsTask());
        var name = await Assert.ThrowsAsync<ApinatorValidationException>(() => app.Publisher.EnqueueAsync("a", new string('e', 201), "x").AsTask());
        var size = await Assert.ThrowsAsync<ApinatorValidationException>(() => app.Publisher.EnqueueAsync("a", "e", new { text = new string('x', 200) }).AsTask());
        var mixed = await Assert.ThrowsAsync<ApinatorValidationException>(() => app.Publisher.EnqueueAsync(["private-encrypted-a", "b"], "e", "x").AsTask());

        Assert.Equal("channels", channel.ParameterName);
        Assert.Equal("eventName", name.ParameterName);
        Assert.Equal("data", size.ParameterName);
        Assert.Contains("encrypted", mixed.Message, StringComparison.Ordinal);
        Assert.Equal(0, app.Publisher.Count);
        Assert.Null(app.Publisher.OldestEnqueuedAt);
    }

    [Fact]
    public async Task The_data_is_fixed_when_the_event_is_accepted()
    {
        await using var app = new QueueHarness();
        var data = new List<string> { "first" };
        await app.Publisher.EnqueueAsync("a", "e", data);
        data.Add("changed later");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal("[\"first\"]", Assert.Single(app.Sink.Published).Data);
    }

    [Fact]
    public async Task A_full_queue_makes_the_caller_wait_until_it_cancels()
    {
        await using var app = new QueueHarness(o => o.Capacity = 2);
        await app.Publisher.EnqueueAsync("a", "e1", "1");
        await app.Publisher.EnqueueAsync("a", "e2", "2");
        using var cancel = new CancellationTokenSource();

        var third = app.Publisher.EnqueueAsync("a", "e3", "3", cancellationToken: cancel.Token).AsTask();
        Assert.False(third.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.Equal(2, app.Publisher.Count);
        await app.StartAsync();
        await app.FlushAsync();
        Assert.Equal(["e1", "e2"], app.Sink.Published.Select(e => e.Name));
    }

    [Fact]
    public async Task A_full_queue_set_to_throw_refuses_with_a_typed_exception()
    {
        await using var app = new QueueHarness(o => (o.Capacity, o.FullMode) = (2, QueueFullMode.Throw));
        await app.Publisher.EnqueueAsync("a", "e1", "1");
        await app.Publisher.EnqueueAsync(["a"], "e2", "2");

        var full = await Assert.ThrowsAsync<ApinatorQueueFullException>(() => app.Publisher.EnqueueAsync("a", "e3", "3").AsTask());

        Assert.Equal(2, full.Capacity);
        Assert.Equal(2, app.Publisher.Count);
    }

    [Fact]
    public async Task Waiting_events_are_coalesced_into_batches_of_the_batch_limit_in_order()
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness(o => o.Lanes = 1);
        for (var i = 0; i < 25; i++) await app.Publisher.EnqueueAsync($"channel-{i % 3}", $"e{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal([10, 10, 5], app.Sink.Calls.Select(c => c.Events.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"e{i}"), app.Sink.Published.Select(e => e.Name));
        Assert.Equal(3, telemetry.Measurements.Where(m => m.Instrument == "apinator.queue.batches.sent").Sum(m => m.Value));
        Assert.Equal(25, telemetry.Measurements.Where(m => m.Instrument == "apinator.queue.events.sent").Sum(m => m.Value));
    }

    [Fact]
    public async Task An_event_for_several_channels_is_sent_as_one_event_per_channel()
    {
        await using var app = new QueueHarness();
        await app.Publisher.EnqueueAsync(["a", "b"], "e", new { n = 1 });
        Assert.Equal(2, app.Publisher.Count);

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal(["a", "b"], app.Sink.Published.Select(e => e.Channel).Order());
        Assert.All(app.Sink.Published, e => Assert.Equal("{\"n\":1}", e.Data));
    }

    [Fact]
    public async Task Where_the_service_offers_no_batch_call_events_go_one_call_each_in_order()
    {
        await using var app = new QueueHarness(o => o.Lanes = 1);
        app.Sink.NoBatchCall = true;
        for (var i = 1; i <= 3; i++) await app.Publisher.EnqueueAsync("a", $"e{i}", "x");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal([404, 200, 200, 200], app.Sink.Calls.Select(c => c.Status));
        Assert.Equal(["e1", "e2", "e3"], app.Sink.Published.Select(e => e.Name));
        Assert.Empty(app.GivenUp);
    }

    [Fact]
    public async Task A_retried_batch_holds_back_later_events_of_its_channels()
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness(o => o.Lanes = 1);
        app.Sink.Then(QueueSink.Status(HttpStatusCode.ServiceUnavailable));
        for (var i = 1; i <= 3; i++) await app.Publisher.EnqueueAsync("a", $"e{i}", "x");

        await app.StartAsync();
        await app.Sink.NextCallAsync();
        var backoff = await app.Clock.TimerStartedAsync();
        // Accepted while the first batch waits to be retried: they must go after it.
        for (var i = 4; i <= 5; i++) await app.Publisher.EnqueueAsync("a", $"e{i}", "x");
        Assert.Equal(5, app.Publisher.Count);
        app.Clock.Advance(backoff);
        await app.FlushAsync();

        Assert.Equal([503, 200, 200], app.Sink.Calls.Select(c => c.Status));
        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], app.Sink.Published.Select(e => e.Name));
        Assert.InRange(backoff, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, telemetry.Measurements.Where(m => m.Instrument == "apinator.queue.retries").Sum(m => m.Value));
        Assert.Empty(app.GivenUp);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Retry_After_is_honoured_on_the_apps_clock(HttpStatusCode status)
    {
        await using var app = new QueueHarness();
        app.Sink.Then(QueueSink.Status(status, TimeSpan.FromSeconds(30)));
        await app.Publisher.EnqueueAsync("a", "e", "x");

        await app.StartAsync();
        await app.Sink.NextCallAsync();
        var wait = await app.Clock.TimerStartedAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(app.Sink.Calls);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.FlushAsync();

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.Equal([(int)status, 200], app.Sink.Calls.Select(c => c.Status));
        Assert.Contains(app.Logs.Entries, e => e.EventId == 40);
    }

    [Fact]
    public async Task A_refused_connection_is_retried()
    {
        await using var app = new QueueHarness();
        app.Sink.Then(QueueSink.Refused);
        await app.Publisher.EnqueueAsync("a", "e", "x");

        await app.StartAsync();
        app.Clock.Advance(await app.Clock.TimerStartedAsync());
        await app.FlushAsync();

        Assert.Equal([0, 200], app.Sink.Calls.Select(c => c.Status));
        Assert.Empty(app.GivenUp);
    }

    [Fact]
    public async Task What_the_service_refuses_is_given_up_and_reported_by_log_metric_and_hook()
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness();
        app.Sink.Then(QueueSink.Status(HttpStatusCode.BadRequest));
        await app.Publisher.EnqueueAsync("a", "refused-event", "x");

        await app.StartAsync();
        await app.FlushAsync();

        var failure = Assert.Single(app.GivenUp);
        Assert.Equal(PublishFailureReason.Refused, failure.Reason);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal("refused-event", failure.Event.Name);
        Assert.Single(app.Sink.Calls);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 41 && e.Message.Contains("refused-event", StringComparison.Ordinal) && e.Message.Contains("refused", StringComparison.Ordinal));
        Assert.Equal(1, GivenUpCount(telemetry, "refused"));
    }

    [Fact]
    public async Task A_batch_refused_for_one_bad_event_is_split_and_only_that_event_is_given_up()
    {
        await using var app = new QueueHarness(o => o.Lanes = 1);
        app.Sink.Judge = events => events.Any(e => e.Data == "bad") ? HttpStatusCode.BadRequest : null;
        await app.Publisher.EnqueueAsync("a", "e1", "x");
        await app.Publisher.EnqueueAsync("a", "e2", "bad");
        await app.Publisher.EnqueueAsync("a", "e3", "x");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal([(400, 3), (200, 1), (400, 1), (200, 1)], app.Sink.Calls.Select(c => (c.Status, c.Events.Count)));
        Assert.Equal(["e1", "e3"], app.Sink.Published.Select(e => e.Name));
        var failure = Assert.Single(app.GivenUp);
        Assert.Equal(("e2", PublishFailureReason.Refused, 400), (failure.Event.Name, failure.Reason, failure.StatusCode));
        Assert.Contains(app.Logs.Entries, e => e.EventId == 48);
    }

    [Fact]
    public async Task A_batch_over_the_services_size_limit_is_sent_one_event_at_a_time_and_nothing_is_lost()
    {
        await using var app = new QueueHarness(o => o.Lanes = 1);
        app.Sink.Judge = events => events.Count > 1 ? HttpStatusCode.RequestEntityTooLarge : null;
        for (var i = 1; i <= 3; i++) await app.Publisher.EnqueueAsync("a", $"e{i}", "x");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal([413, 200, 200, 200], app.Sink.Calls.Select(c => c.Status));
        Assert.Equal(["e1", "e2", "e3"], app.Sink.Published.Select(e => e.Name));
        Assert.Empty(app.GivenUp);
    }

    [Fact]
    public async Task Refused_credentials_give_the_batch_up_in_one_call_not_one_per_event()
    {
        await using var app = new QueueHarness(o => o.Lanes = 1);
        app.Sink.Judge = _ => HttpStatusCode.Unauthorized;
        for (var i = 1; i <= 3; i++) await app.Publisher.EnqueueAsync("a", $"e{i}", "x");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Equal([401], app.Sink.Calls.Select(c => c.Status));
        Assert.Equal(3, app.GivenUp.Count);
        Assert.All(app.GivenUp, f => Assert.Equal((PublishFailureReason.Refused, 401), (f.Reason, f.StatusCode)));
    }

    [Fact]
    public async Task An_event_older_than_MaxEventAge_is_given_up_unsent_and_reported()
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness(o => o.MaxEventAge = TimeSpan.FromMinutes(1));
        await app.Publisher.EnqueueAsync("a", "stale", "x");
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await app.Publisher.EnqueueAsync("b", "fresh", "x");

        await app.StartAsync();
        await app.FlushAsync();

        var failure = Assert.Single(app.GivenUp);
        Assert.Equal((PublishFailureReason.TooOld, "stale", 0), (failure.Reason, failure.Event.Name, failure.Attempts));
        Assert.Equal(["fresh"], app.Sink.Published.Select(e => e.Name));
        Assert.Contains(app.Logs.Entries, e => e.EventId == 41 && e.Message.Contains("too_old", StringComparison.Ordinal));
        Assert.Equal(1, GivenUpCount(telemetry, "too_old"));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_5xx_is_not_sent_again_where_the_service_cannot_deduplicate_and_is_reported(HttpStatusCode status)
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness(protocol: ApinatorProtocol.Pusher);
        app.Sink.Then(QueueSink.Status(status));
        await app.Publisher.EnqueueAsync("a", "e", "x");

        await app.StartAsync();
        await app.FlushAsync();

        Assert.Single(app.Sink.Calls);
        Assert.Null(Assert.Single(app.Sink.Calls[0].Events).IdempotencyKey);
        Assert.Equal(PublishFailureReason.OutcomeUnknown, Assert.Single(app.GivenUp).Reason);
        Assert.Equal(1, GivenUpCount(telemetry, "outcome_unknown"));
    }

    [Fact]
    public async Task On_Sockudo_a_5xx_is_sent_again_with_the_same_idempotency_keys()
    {
        await using var app = new QueueHarness(o => o.Lanes = 1, ApinatorProtocol.Sockudo);
        app.Sink.Then(QueueSink.Status(HttpStatusCode.InternalServerError));
        await app.Publisher.EnqueueAsync(["a", "b"], "e", "x");

        await app.StartAsync();
        await app.Sink.NextCallAsync();
        app.Clock.Advance(await app.Clock.TimerStartedAsync());
        await app.FlushAsync();

        Assert.Equal([500, 200], app.Sink.Calls.Select(c => c.Status));
        var first = app.Sink.Calls[0].Events.Select(e => e.IdempotencyKey).ToList();
        Assert.All(first, Assert.NotNull);
        Assert.Equal(2, first.Distinct().Count());
        Assert.Equal(first, app.Sink.Calls[1].Events.Select(e => e.IdempotencyKey));
        Assert.Empty(app.GivenUp);
    }

    [Fact]
    public async Task A_graceful_stop_drains_the_queue_and_takes_no_more_events()
    {
        await using var app = new QueueHarness(o => o.Lanes = 2);
        for (var i = 0; i < 15; i++) await app.Publisher.EnqueueAsync($"c{i % 4}", "e", "x");
        app.Sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await app.StartAsync();

        var stopping = app.StopAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Publisher.EnqueueAsync("a", "late", "x").AsTask());
        Assert.False(stopping.IsCompleted);
        app.Sink.Gate.SetResult();
        await stopping;

        Assert.Equal(15, app.Sink.Published.Count);
        Assert.Equal(0, app.Publisher.Count);
        Assert.Empty(app.GivenUp);
    }

    [Fact]
    public async Task What_is_left_when_the_shutdown_timeout_runs_out_is_reported()
    {
        using var telemetry = new TelemetryRecorder();
        await using var app = new QueueHarness();
        app.Sink.Then(QueueSink.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(5)));
        await app.Publisher.EnqueueAsync("a", "e", "x");
        await app.StartAsync();
        await app.Clock.TimerStartedAsync();

        await app.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal(PublishFailureReason.ShutDown, Assert.Single(app.GivenUp).Reason);
        Assert.Equal(0, app.Publisher.Count);
        Assert.Equal(1, GivenUpCount(telemetry, "shut_down"));
    }

    [Fact]
    public async Task Depth_and_oldest_age_are_observable_and_the_health_check_degrades_on_an_old_event()
    {
        await using var app = new QueueHarness(o => o.DegradedAfter = TimeSpan.FromSeconds(10));
        app.Sink.Then(QueueSink.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(5)));
        await app.Publisher.EnqueueAsync("a", "e1", "x");
        await app.Publisher.EnqueueAsync("a", "e2", "x");
        var health = app.Services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        await app.StartAsync();
        await app.Clock.TimerStartedAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        var report = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("publish queue", Assert.Single(report.Entries).Value.Description, StringComparison.Ordinal);
        var gauges = ObserveGauges();
        Assert.Equal(2, gauges["apinator.queue.depth"]);
        Assert.Equal(11, gauges["apinator.queue.oldest_age"], precision: 3);
    }

    private static double GivenUpCount(TelemetryRecorder telemetry, string reason) =>
        telemetry.Measurements.Where(m => m.Instrument == "apinator.queue.events.given_up" && Equals(m.Tags["apinator.queue.reason"], reason)).Sum(m => m.Value);

    private static Dictionary<string, double> ObserveGauges()
    {
        var seen = new Dictionary<string, double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Apinator.Diagnostics.ApinatorTelemetry.Name && instrument.Name.StartsWith("apinator.queue.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => seen[i.Name] = v);
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => seen[i.Name] = v);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
