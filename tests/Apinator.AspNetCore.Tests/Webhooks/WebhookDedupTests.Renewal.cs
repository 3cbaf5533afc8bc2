using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// While its handler runs, an attempt renews its claim every third of the lease (on the app's
/// TimeProvider, faked here), so however slow the handler, a copy of the delivery waits (503) and
/// it is handled once; renewing stops when handling ends.
/// </summary>
public sealed partial class WebhookDedupTests
{
    private static readonly TimeSpan RenewalPeriod = Lease / 3;

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_handler_running_for_three_leases_keeps_its_claim_so_copies_get_503_and_it_is_handled_once(ApinatorProtocol protocol)
    {
        var store = Recorded();
        await using var app = await StartAsync(protocol, store);
        var gate = _gates.Close("private-a");
        var slow = app.Client.SendAsync(Deliver(protocol, "private-a"));
        await gate.Reached;

        for (var renewals = 1; renewals <= 9; renewals++)
        {
            _time.Advance(RenewalPeriod);
            await store.RenewedAsync(renewals);
            await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(protocol, "private-a")));
        }

        Assert.All(store.Renewals, r => Assert.True(r.Renewed));
        gate.Open();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(["private-a"], Handled);
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId is 27 or 29 or 30);

        // Renewing stopped with the handler: the clock moving on renews nothing.
        store.NoMoreRenewalsThan(9, _time, Lease * 3);
    }

    [Fact]
    public async Task The_mark_of_the_event_being_handled_is_renewed_too()
    {
        var store = Recorded();
        await using var app = await StartAsync(ApinatorProtocol.Pusher, store);
        // The middle event: the last one carries no mark (only the delivery's completion follows it).
        string[] channels = ["private-1", "private-2", "private-3"];
        var gate = _gates.Close("private-2");
        var slow = app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels));
        await gate.Reached;

        // Each tick renews the delivery and the second event's mark; the first event's is done.
        for (var tick = 1; tick <= 6; tick++)
        {
            _time.Advance(RenewalPeriod);
            await store.RenewedAsync(2 * tick);
        }

        Assert.Equal(2, store.Renewals.Select(r => r.Key).Distinct().Count());
        Assert.All(store.Renewals, r => Assert.True(r.Renewed));
        await DedupAssert.IsInProgressAsync(await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels)));

        gate.Open();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, channels))).StatusCode);
        Assert.Equal(channels, Handled);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Renewing_stops_when_the_handler_fails_or_the_request_is_aborted_so_the_released_claim_stays_free(bool abort)
    {
        var store = Recorded();
        await using var app = await StartAsync(ApinatorProtocol.Apinator, store);
        var gate = _gates.Close("private-a");
        using var aborting = new CancellationTokenSource();
        var slow = app.Client.SendAsync(Deliver(ApinatorProtocol.Apinator, "private-a"), aborting.Token);
        await gate.Reached;
        _time.Advance(RenewalPeriod);
        await store.RenewedAsync(1);

        if (abort)
        {
            await aborting.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        }
        else
        {
            gate.Fail();
            await ProblemAssert.IsProblemAsync(await slow, HttpStatusCode.InternalServerError);
        }

        // The claim was given back (at once after the 500; an abort reaches the server a moment
        // later), so the retry is handled; the attempt's renewals had stopped before that.
        await RetryUntilHandledAsync(app);
        store.NoMoreRenewalsThan(1, _time, Lease * 3);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Apinator, "private-a"))).StatusCode);
        Assert.Equal(["private-a"], Handled);
    }

    [Fact]
    public async Task A_claim_lost_while_renewals_failed_is_logged_and_the_handler_goes_on()
    {
        var store = Recorded();
        await using var app = await StartAsync(ApinatorProtocol.Apinator, store);
        var first = _gates.Close("private-a");
        var slow = app.Client.SendAsync(Deliver(ApinatorProtocol.Apinator, "private-a"));
        await first.Reached;

        // The store does not answer renewals for a whole lease: each failure is logged, and the claim lapses.
        store.RenewalAnswer = RenewalAnswer.Fail;
        for (var renewals = 1; renewals <= 3; renewals++)
        {
            _time.Advance(RenewalPeriod);
            await store.RenewedAsync(renewals);
        }

        Assert.Contains(app.Logs.Entries, e => e.EventId == 29 && e.Level == LogLevel.Warning && e.Exception is TimeoutException);

        // A copy claims the delivery; then the store answers again, and the first finds its claim lost.
        var second = _gates.Close("private-a");
        var copy = app.Client.SendAsync(Deliver(ApinatorProtocol.Apinator, "private-a"));
        await second.Reached;
        store.RenewalAnswer = RenewalAnswer.Pass;
        _time.Advance(RenewalPeriod);
        await store.RenewedAsync(5);
        Assert.Equal(new bool?[] { false, true }, store.Renewals.Skip(3).Select(r => r.Renewed).Order());

        // The handler was not cancelled: both run to the end, the case the warnings are about.
        first.Open();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        second.Open();
        Assert.Equal(HttpStatusCode.OK, (await copy).StatusCode);
        Assert.Equal(["private-a", "private-a"], Handled);
        var lost = Assert.Single(app.Logs.Entries, e => e.EventId == 30);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Contains("HandlerLease", lost.Message, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 27 && e.Level == LogLevel.Warning);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("apinator:webhook:", StringComparison.Ordinal));
    }

    /// <summary>Sends the delivery until it is handled (200); 503 only while an aborted attempt still holds it.</summary>
    private static async Task RetryUntilHandledAsync(TestApp app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await app.Client.SendAsync(Deliver(ApinatorProtocol.Apinator, "private-a"))).StatusCode is var status && status != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.True(DateTime.UtcNow < deadline, "The aborted attempt's claim was not released.");
            await Task.Delay(10);
        }
    }
}
