using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// Issue 20's "no accepted event lost across a 30-second service outage", as a real one: the sink is a
/// Kestrel server that is stopped (its port refuses connections) for 30 seconds of wall-clock time
/// while two apps keep accepting events, one with the queue in memory and one on a real append-only
/// Redis, both with the queue's default settings, then started again on the same port. The outage is
/// the one thing timed here; the result is decided by what the sink took.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class ServiceOutageTests(AppendOnlyRedisFixture redis, ITestOutputHelper output) : IClassFixture<AppendOnlyRedisFixture>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>Back-off is capped at 5 s by default: once the sink is back, a minute is far more than every lane needs.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string[] ChannelsOf(string app) => [.. Enumerable.Range(0, 3).Select(i => $"{app}-orders-{i}")];

    private static async Task EnqueueRoundAsync(LiveQueueApp app, string[] channels, int n)
    {
        foreach (var channel in channels) await app.Publisher.EnqueueAsync(channel, "shipped", string.Create(CultureInfo.InvariantCulture, $"{channel}:{n}"));
    }

    [Fact]
    public async Task A_30_second_outage_loses_nothing_accepted_in_memory_or_on_Redis_with_the_default_settings()
    {
        await using var sink = await KestrelQueueSink.StartAsync();
        await using var memory = new LiveQueueApp(sink.Address);
        await using var durable = new LiveQueueApp(sink.Address, redis.Server.ConnectionString, Guid.NewGuid().ToString("N"));
        var apps = new[] { (Name: "memory", App: memory, Channels: ChannelsOf("memory")), (Name: "redis", App: durable, Channels: ChannelsOf("redis")) };
        var defaults = memory.Options;
        output.WriteLine($"Defaults: MaxEventAge {defaults.MaxEventAge}, MaxRetryDelay {defaults.MaxRetryDelay}, Linger {defaults.Linger}, Lanes {defaults.Lanes}, Capacity {defaults.Capacity}.");
        foreach (var (_, app, _) in apps) await app.StartAsync();

        // Before: sent and answered, so the apps hold pooled connections to a live service.
        var rounds = 0;
        for (; rounds < 3; rounds++)
        {
            foreach (var (_, app, channels) in apps) await EnqueueRoundAsync(app, channels, rounds);
        }

        foreach (var (name, app, _) in apps) await app.FlushAsync(Bound, $"{name}, before the outage");
        var takenBefore = sink.Sink.Published.Count;

        await sink.StopAsync();
        Assert.True(await sink.RefusesConnectionsAsync(), "The stopped sink still accepts connections.");
        var down = Stopwatch.StartNew();
        while (down.Elapsed < Outage)
        {
            foreach (var (_, app, channels) in apps) await EnqueueRoundAsync(app, channels, rounds);
            rounds++;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // Both kept trying (event 40: the service is unavailable, sent again) and nothing was given up while it was away.
        foreach (var (name, app, _) in apps)
        {
            AssertNothingGivenUp(name, app);
            Assert.True(app.Logs.Entries.Any(e => e.EventId == 40), $"{name}: no retry was logged during the outage.");
            Assert.True(app.Publisher.Count > 0, $"{name}: the queue was empty during the outage.");
        }

        Assert.Equal(takenBefore, sink.Sink.Published.Count);
        var outage = down.Elapsed;
        await sink.RestartAsync();
        var back = Stopwatch.StartNew();

        for (var after = rounds + 3; rounds < after; rounds++)
        {
            foreach (var (_, app, channels) in apps) await EnqueueRoundAsync(app, channels, rounds);
        }

        foreach (var (name, app, _) in apps)
        {
            await app.FlushAsync(Bound, $"{name}, after the outage");
            output.WriteLine($"{name}: {rounds * 3} events, {outage.TotalSeconds:0.0} s outage, all sent {back.Elapsed.TotalSeconds:0.0} s after the sink came back.");
        }

        var published = sink.Sink.Published;
        foreach (var (name, app, channels) in apps)
        {
            AssertNothingGivenUp(name, app);
            foreach (var channel in channels) DeliveryAssert.ExactlyOnceInOrder(published, channel, rounds);
        }
    }

    private static void AssertNothingGivenUp(string name, LiveQueueApp app)
    {
        lock (app.GivenUp)
        {
            if (app.GivenUp.Count > 0) Assert.Fail($"{name} gave up {app.GivenUp.Count} events, the first {app.GivenUp[0].Reason}: {app.GivenUp[0].Exception?.Message}");
        }
    }
}
