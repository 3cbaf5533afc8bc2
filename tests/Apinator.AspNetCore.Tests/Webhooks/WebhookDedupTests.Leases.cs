using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// A claim is in progress (held for a lease by one attempt) until the handler succeeds, then done
/// for the replay window. Copies arriving meanwhile wait (503) rather than being acknowledged, and an
/// attempt that never finishes (its instance died, so its renewals stop) lets go when its lease lapses.
/// </summary>
public sealed partial class WebhookDedupTests
{
    private static readonly TimeSpan Lease = new ApinatorWebhookOptions().HandlerLease;

    /// <summary>An in-memory store that records renewals and can make them hang (the instance died) or fail.</summary>
    private RecordingDeliveryStore Recorded(RenewalAnswer renewals = RenewalAnswer.Pass) =>
        new(new MemoryWebhookDeliveryStore(_time)) { RenewalAnswer = renewals };

    private Task<TestApp> StartAsync(ApinatorProtocol protocol, IWebhookDeliveryStore store) =>
        StartAsync(protocol, a => a.UseDeliveryStore(_ => store));

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_copy_arriving_while_the_first_is_handled_gets_503_so_a_failure_of_the_first_is_still_retried(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var gate = _gates.Close("private-a");
        var first = app.Client.SendAsync(Deliver(protocol, "private-a"));
        await gate.Reached;

        // Not 200: had the service been told "done", the first's failure below would lose the event.
        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(protocol, "private-a")));
        var logged = Assert.Single(app.Logs.Entries, e => e.EventId == 26);
        Assert.Equal(LogLevel.Information, logged.Level);

        gate.Fail();
        await ProblemAssert.IsProblemAsync(await first, HttpStatusCode.InternalServerError);
        Assert.Empty(Handled);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(["private-a"], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_claim_whose_instance_died_lapses_with_its_lease_and_its_late_release_spares_the_new_claim(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, Recorded(RenewalAnswer.Hang));
        var dead = _gates.Close("private-a");
        var dying = app.Client.SendAsync(Deliver(protocol, "private-a"));
        await dead.Reached;

        // The attempt neither completes nor releases: within its lease the retry waits…
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(protocol, "private-a")));

        // …and after it, the retry claims the delivery.
        _time.Advance(TimeSpan.FromSeconds(1));
        var retry = _gates.Close("private-a");
        var retrying = app.Client.SendAsync(Deliver(protocol, "private-a"));
        await retry.Reached;

        // The stale attempt failing late releases only a claim it still owns: the retry's stands.
        dead.Fail();
        await ProblemAssert.IsProblemAsync(await dying, HttpStatusCode.InternalServerError);
        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(protocol, "private-a")));

        retry.Open();
        Assert.Equal(HttpStatusCode.OK, (await retrying).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(["private-a"], Handled);
    }

    [Fact]
    public async Task A_delivery_whose_instance_died_after_its_first_event_runs_only_the_rest_on_retry()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher, Recorded(RenewalAnswer.Hang));
        string[] channels = ["private-1", "private-2", "private-3"];
        var dead = _gates.Close("private-2");
        var dying = app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels));
        await dead.Reached;
        Assert.Equal(["private-1"], Handled);
        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels)));

        _time.Advance(Lease);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels))).StatusCode);
        Assert.Equal(channels, Handled);

        dead.Fail();
        await ProblemAssert.IsProblemAsync(await dying, HttpStatusCode.InternalServerError);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels))).StatusCode);
        Assert.Equal(channels, Handled);
    }

    [Fact]
    public async Task An_event_still_in_progress_elsewhere_gets_503_and_is_not_repeated()
    {
        // Renewals go unanswered, so the delivery's claim lapses while its second event (claimed later) is handled.
        await using var app = await StartAsync(ApinatorProtocol.Pusher, Recorded(RenewalAnswer.Hang));
        string[] channels = ["private-1", "private-2", "private-3"];
        var slowFirst = _gates.Close("private-1");
        var slowSecond = _gates.Close("private-2");
        var slow = app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels));
        await slowFirst.Reached;

        _time.Advance(Lease - TimeSpan.FromSeconds(20));
        slowFirst.Open();
        await slowSecond.Reached;
        _time.Advance(TimeSpan.FromSeconds(20));

        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels)));
        Assert.Equal(["private-1"], Handled);

        slowSecond.Open();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels))).StatusCode);
        Assert.Equal(channels, Handled);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 27 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_quick_handler_logs_no_lease_warning()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-1", "private-2"))).StatusCode);

        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId is >= 26 and <= 30);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(3601)]
    public void HandlerLease_is_validated(double seconds)
    {
        var validator = new Apinator.AspNetCore.Hosting.WebhookOptionsValidator();

        var result = validator.Validate(null, new ApinatorWebhookOptions { HandlerLease = TimeSpan.FromSeconds(seconds) });

        Assert.True(result.Failed);
        Assert.Contains("Apinator:Webhooks:HandlerLease", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(1), new ApinatorWebhookOptions().HandlerLease);
        Assert.True(validator.Validate(null, new ApinatorWebhookOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ApinatorWebhookOptions { HandlerLease = TimeSpan.FromSeconds(1) }).Succeeded);
    }
}
