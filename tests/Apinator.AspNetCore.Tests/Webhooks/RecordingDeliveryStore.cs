using System.Collections.Concurrent;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>How a <see cref="RecordingDeliveryStore"/> answers renewals.</summary>
public enum RenewalAnswer
{
    /// <summary>Passed on to the store.</summary>
    Pass,

    /// <summary>
    /// Never answered (until handling ends and the renewal is cancelled), as for an instance that
    /// died or froze mid-handler: its claims are no longer renewed and lapse with their lease.
    /// </summary>
    Hang,

    /// <summary>Thrown back, as by a store that cannot be reached.</summary>
    Fail,
}

/// <summary>
/// Passes calls through to another store and remembers claims, completions and renewals (each with
/// its outcome: true or false as the store answered, null when it hung or failed); renewals can be
/// made to hang or fail.
/// </summary>
public sealed class RecordingDeliveryStore(IWebhookDeliveryStore inner) : IWebhookDeliveryStore
{
    private readonly ConcurrentQueue<(string Key, TimeSpan Lease)> _claims = new();
    private readonly ConcurrentQueue<(string Key, TimeSpan Retention)> _completions = new();
    private readonly ConcurrentQueue<(string Key, bool? Renewed)> _renewals = new();
    private readonly System.Threading.Channels.Channel<bool> _recorded = System.Threading.Channels.Channel.CreateUnbounded<bool>();
    private volatile RenewalAnswer _renewalAnswer;

    public IReadOnlyList<(string Key, TimeSpan Lease)> Claims => [.. _claims];

    public IReadOnlyList<(string Key, TimeSpan Retention)> Completions => [.. _completions];

    public IReadOnlyList<(string Key, bool? Renewed)> Renewals => [.. _renewals];

    public RenewalAnswer RenewalAnswer
    {
        get => _renewalAnswer;
        set => _renewalAnswer = value;
    }

    public ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        _claims.Enqueue((key, lease));
        return inner.TryClaimAsync(key, lease, cancellationToken);
    }

    public ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        _completions.Enqueue((key, retention));
        return inner.CompleteAsync(key, token, retention, cancellationToken);
    }

    public async ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        switch (RenewalAnswer)
        {
            case RenewalAnswer.Hang:
                Record(key, null);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("Unreachable.");
            case RenewalAnswer.Fail:
                Record(key, null);
                throw new TimeoutException("The store did not answer.");
        }

        // Recorded once the store has answered: a test that waits for it sees the lease extended.
        var renewed = await inner.RenewAsync(key, token, lease, cancellationToken);
        Record(key, renewed);
        return renewed;
    }

    public ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken) => inner.ReleaseAsync(key, token, cancellationToken);

    /// <summary>
    /// Checks that renewing has stopped for good: no renewal timer is left on <paramref name="clock"/>
    /// (one under way when handling ended was awaited before the answer), and the clock moving on by
    /// <paramref name="advance"/> adds nothing to the first <paramref name="count"/> renewals.
    /// </summary>
    public void NoMoreRenewalsThan(int count, TimerCountingClock clock, TimeSpan advance)
    {
        Assert.Equal(0, clock.PeriodicTimers);
        clock.Advance(advance);
        Assert.Equal(count, _renewals.Count);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> renewals in all have been tried: after advancing a fake
    /// clock, the renewals its timers started run on other threads.
    /// </summary>
    public async Task RenewedAsync(int count)
    {
        while (_renewals.Count < count)
        {
            // Each renewal recorded wakes this up; the time limit is only against a hang.
            var next = _recorded.Reader.ReadAsync().AsTask();
            Assert.True(await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(30))) == next, $"{_renewals.Count} renewals, not {count}.");
        }
    }

    private void Record(string key, bool? renewed)
    {
        _renewals.Enqueue((key, renewed));
        _recorded.Writer.TryWrite(true);
    }
}
