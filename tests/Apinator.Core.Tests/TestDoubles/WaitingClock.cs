using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every wait the code under test starts on it (a
/// back-off, a per-try timeout, a deadline), so a test moves the clock exactly when something
/// waits and by exactly what it waits for, instead of sleeping and hoping.
/// </summary>
internal sealed class WaitingClock : TimeProvider
{
    /// <summary>Only against a hang: a wait that never starts fails the test instead of blocking it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(TestClient.Now);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ReportingTimer(Fake.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), _waits.Writer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The next wait started that <paramref name="matches"/>; others are skipped.</summary>
    public async Task<TimeSpan> NextWaitAsync(Func<TimeSpan, bool> matches)
    {
        while (true)
        {
            var wait = await _waits.Reader.ReadAsync().AsTask().WaitAsync(HangGuard);
            if (matches(wait)) return wait;
        }
    }

    /// <summary>Waits for the next wait that <paramref name="matches"/> to start, then lets it run out.</summary>
    public async Task<TimeSpan> ElapseNextWaitAsync(Func<TimeSpan, bool> matches)
    {
        var wait = await NextWaitAsync(matches);
        Fake.Advance(wait);
        return wait;
    }

    private sealed class ReportingTimer(ITimer inner, ChannelWriter<TimeSpan> waits) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan) waits.TryWrite(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
