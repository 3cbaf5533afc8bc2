using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// Issue 20's "no accepted event lost across an instance kill", with a real kill: an app instance in
/// its own process (tests/queue-instance) is sent SIGKILL while it accepts events, holds both lanes'
/// leases and has a batch in flight on each (one the service has not taken, one the service took but
/// never answered). Another instance then takes the lanes over when the leases lapse. The sink is a
/// real Kestrel server; Redis is a real append-only redis-server. Results are decided by what the sink
/// took; each wait is bounded only to fail a broken test sooner.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class QueueInstanceKillTests(AppendOnlyRedisFixture redis, ITestOutputHelper output) : IClassFixture<AppendOnlyRedisFixture>
{
    private const int Lanes = 2;

    /// <summary>The killed instance's lease: the longest its lanes can stay unsent.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly string[] Channels = RedisPublishQueueTests.Channels;

    private static IEnumerable<(string Channel, string Data)> Rounds(int from, int to) =>
        Enumerable.Range(from, to - from).SelectMany(n => Channels.Select(channel => (channel, string.Create(CultureInfo.InvariantCulture, $"{channel}:{n}"))));

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    public async Task An_instance_killed_mid_stream_loses_nothing_it_accepted_another_instance_sends_it_in_order_per_channel(ApinatorProtocol protocol)
    {
        var queue = Guid.NewGuid().ToString("N");
        await using var sink = await KestrelQueueSink.StartAsync();
        using var killed = await QueueInstanceProcess.StartAsync(sink.Address, redis.Server.ConnectionString, queue, Lanes, Lease, protocol);

        // Sent and answered before anything goes wrong.
        await killed.SendAsync(Rounds(0, 5));
        await killed.AcceptedAsync(5 * Channels.Length);
        await PublishedAsync(sink, killed.Accepted, "before the kill");

        // Each lane's next batch is held: one before the service takes it, one after (it never hears back).
        sink.Hold();
        await killed.SendAsync(Rounds(5, 10));
        await sink.HeldCallAsync();
        await sink.HeldCallAsync();

        // Killed while it is still taking events in: its lanes busy, their leases held, more events waiting in Redis.
        await killed.SendAsync(Rounds(10, 300));
        await killed.AcceptedAsync(12 * Channels.Length);
        await killed.KillAsync();
        var killedAt = Stopwatch.GetTimestamp();
        var accepted = killed.Accepted;
        sink.Release();
        Assert.Empty(killed.GivenUp);

        await using var survivor = new LiveQueueApp(sink.Address, redis.Server.ConnectionString, queue, Lanes, protocol);
        await survivor.StartAsync();
        await PublishedAsync(sink, accepted, "after the kill");
        var tookOver = Stopwatch.GetElapsedTime(killedAt);
        await survivor.FlushAsync(Bound, "after the kill");

        var published = sink.Sink.Published;
        output.WriteLine($"{protocol}: {accepted.Count} of {300 * Channels.Length} events reported accepted when killed; the sink took {published.Count} " +
            $"({published.Count - published.DistinctBy(e => e.Data).Count()} sent again); all reported ones were there {tookOver.TotalSeconds:0.0} s after the kill (lease {Lease.TotalSeconds:0} s).");

        // Every event in order per channel from its first, at least once: the one run sent again is the batch the service took unanswered.
        foreach (var channel in Channels)
        {
            var reported = accepted.Count(e => e.Channel == channel);
            var sent = DeliveryAssert.InOrderWithAtMostOneResend(published, channel);
            Assert.True(sent >= reported, $"Channel {channel}: {reported} events reported accepted, but only {sent} reached the sink.");
        }

        Assert.True(published.Count > published.DistinctBy(e => e.Data).Count(), "The batch the service took but never answered was not sent again.");
        Assert.Contains(survivor.Logs.Entries, e => e.EventId == 43);
        Assert.Empty(survivor.GivenUp);
        Assert.Equal(0, survivor.Publisher.Count);

        if (protocol == ApinatorProtocol.Sockudo)
        {
            // Once per key: each event kept the key it was given at enqueue across the resend, so Sockudo, skipping a key it has seen, publishes it once.
            Assert.All(published.GroupBy(e => e.Data), g => Assert.Single(g.Select(e => e.IdempotencyKey).Distinct()));
            Assert.All(published, e => Assert.NotNull(e.IdempotencyKey));
            var once = published.DistinctBy(e => e.IdempotencyKey).ToList();
            Assert.Equal(once.Count, once.DistinctBy(e => e.Data).Count());
            foreach (var channel in Channels) DeliveryAssert.ExactlyOnceInOrder(once, channel, once.Count(e => e.Channel == channel));
        }
    }

    /// <summary>Waits until the sink has taken every one of <paramref name="accepted"/>, failing with what is missing after <see cref="Bound"/>.</summary>
    private static async Task PublishedAsync(KestrelQueueSink sink, IReadOnlyList<(string Channel, string Data)> accepted, string when)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Bound.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var taken = sink.Sink.Published.Select(e => (e.Channel, e.Data)).ToHashSet();
            var missing = accepted.Where(e => !taken.Contains(e)).ToList();
            if (missing.Count == 0) return;
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"{when}: {missing.Count} accepted events did not reach the sink within {Bound.TotalSeconds:0} s, e.g. {string.Join(", ", missing.Take(5).Select(e => e.Data))}.");
            }

            await Task.Delay(50);
        }
    }
}
