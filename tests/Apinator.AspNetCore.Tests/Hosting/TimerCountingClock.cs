using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Hosting;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the periodic timers started on it and not yet
/// disposed: a test can tell that something ticking on the app's clock (lease renewal) has
/// stopped, as a fact, rather than pausing and counting what happened meanwhile.
/// </summary>
public sealed class TimerCountingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _periodic;

    /// <summary>Periodic timers started and not disposed.</summary>
    public int PeriodicTimers => Volatile.Read(ref _periodic);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero) return timer;
        Interlocked.Increment(ref _periodic);
        return new CountedTimer(timer, this);
    }

    private sealed class CountedTimer(ITimer inner, TimerCountingClock clock) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Forget();
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Forget();
            return inner.DisposeAsync();
        }

        private void Forget()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref clock._periodic);
        }
    }
}
