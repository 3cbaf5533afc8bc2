using System.Net;
using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Tests.Webhooks;
using Apinator.AspNetCore.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// Issue 20 item 3: the publish queue on a real, append-only redis-server. Results are decided by what
/// the sink received (each wait bounded only to fail a broken test sooner); the one clock that must
/// run out, a lease, runs in Redis.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class RedisPublishQueueTests(AppendOnlyRedisFixture shared) : IClassFixture<AppendOnlyRedisFixture>
{
    private const int PerChannel = 10;
    private readonly string _queue = Guid.NewGuid().ToString("N");

    /// <summary>Three channels, at least one in each of two lanes, so both lanes carry events.</summary>
    internal static readonly string[] Channels = PickChannels();

    private static string[] PickChannels()
    {
        var picked = new List<string> { "orders-0" };
        for (var i = 1; picked.Count < 3; i++)
        {
            var channel = $"orders-{i}";
            if (picked.Count == 2 || PublishQueueLanes.Of(channel, 2) != PublishQueueLanes.Of(picked[0], 2)) picked.Add(channel);
        }

        return [.. picked];
    }

    private static async Task EnqueueAsync(RedisQueueInstance instance, int from, int to)
    {
        // Interleaved across channels, as an app would publish.
        for (var n = from; n < to; n++)
        {
            foreach (var channel in Channels) await instance.Publisher.EnqueueAsync(channel, "shipped", $"{channel}:{n}");
        }
    }

    /// <summary>Each channel's events as the sink took them, by data.</summary>
    private static Dictionary<string, string[]> ByChannel(QueueSink sink) =>
        sink.Published.GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.Select(e => e.Data).ToArray());

    private static void AssertEachChannelInOrderOnce(QueueSink sink, int count)
    {
        var byChannel = ByChannel(sink);
        Assert.Equal(Channels.Order(), byChannel.Keys.Order());
        foreach (var channel in Channels) Assert.Equal(Enumerable.Range(0, count).Select(n => $"{channel}:{n}"), byChannel[channel]);
    }

    [Fact]
    public async Task Events_accepted_at_an_instance_are_sent_by_it_in_order_per_channel_with_their_Sockudo_keys_and_deleted()
    {
        var server = shared.Server;
        await using var a = new RedisQueueInstance(server, _queue, TimeProvider.System, protocol: ApinatorProtocol.Sockudo);
        await a.StartAsync();

        await EnqueueAsync(a, 0, PerChannel);
        await a.PublishedAsync(Channels.Length * PerChannel);
        await a.Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        AssertEachChannelInOrderOnce(a.Sink, PerChannel);
        var keys = a.Sink.Published.Select(e => e.IdempotencyKey).ToList();
        Assert.All(keys, Assert.NotNull);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(0, a.Publisher.Count);
        Assert.Empty(a.GivenUp);
    }

    [Fact]
    public async Task An_instance_that_stops_renewing_mid_stream_has_its_lanes_taken_over_and_nothing_it_accepted_is_lost()
    {
        var server = shared.Server;

        // A's clock never moves: it never renews its leases. Its sink holds every call: it never finishes one.
        await using var a = new RedisQueueInstance(server, _queue, new FakeTimeProvider(DateTimeOffset.UtcNow));
        a.Sink.Gate = new TaskCompletionSource();
        await a.StartAsync();
        await EnqueueAsync(a, 0, PerChannel / 2);
        await a.Sink.NextArrivalAsync();
        await a.Sink.NextArrivalAsync();

        // Both of A's lanes are mid-batch; B starts and waits on the leases, while A keeps accepting.
        await using var b = new RedisQueueInstance(server, _queue, TimeProvider.System);
        await b.StartAsync();
        await EnqueueAsync(a, PerChannel / 2, PerChannel);

        await b.PublishedAsync(Channels.Length * PerChannel);
        AssertEachChannelInOrderOnce(b.Sink, PerChannel);
        Assert.Empty(a.Sink.Published);
        Assert.Contains(b.Logs.Entries, e => e.EventId == 43);

        // A dies without draining: what it held is not given up (it is in Redis, and B sent it).
        await a.DisposeAsync();
        Assert.Empty(a.GivenUp);
        await b.Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(0, b.Publisher.Count);
    }

    [Fact]
    public async Task Events_waiting_in_an_append_only_Redis_survive_its_restart_and_the_app_s()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using (var a = new RedisQueueInstance(server, _queue, TimeProvider.System))
        {
            // Accepted, never sent: this instance's sender never runs.
            await EnqueueAsync(a, 0, PerChannel);
            Assert.Equal(Channels.Length * PerChannel, a.Publisher.Count);
        }

        await server.StopAsync();
        await server.RestartAsync();

        await using var b = new RedisQueueInstance(server, _queue, TimeProvider.System);
        await b.StartAsync();
        await b.PublishedAsync(Channels.Length * PerChannel);
        AssertEachChannelInOrderOnce(b.Sink, PerChannel);
        Assert.Empty(b.GivenUp);
    }

    [Fact]
    public async Task A_Redis_restarted_while_a_running_instance_holds_a_batch_loses_nothing_and_keeps_each_channel_s_order()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var a = new RedisQueueInstance(server, _queue, TimeProvider.System);
        var gate = new TaskCompletionSource();
        a.Sink.Gate = gate;
        await a.StartAsync();
        await EnqueueAsync(a, 0, PerChannel);
        await a.Sink.NextArrivalAsync();
        await a.Sink.NextArrivalAsync();

        await server.StopAsync();
        await server.RestartAsync();
        gate.SetResult();

        // A batch whose deletion failed while Redis was away is sent again (at least once): count each event once.
        while (a.Sink.Published.Select(e => e.Data).Distinct().Count() < Channels.Length * PerChannel) await a.Sink.NextCallAsync();
        var byChannel = ByChannel(a.Sink);
        foreach (var channel in Channels) Assert.Equal(Enumerable.Range(0, PerChannel).Select(n => $"{channel}:{n}"), byChannel[channel].Distinct());
        Assert.Empty(a.GivenUp);
        await a.Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    [Fact]
    public async Task A_service_answering_503_for_a_while_loses_nothing_and_gets_every_event_in_order_after()
    {
        var server = shared.Server;
        await using var a = new RedisQueueInstance(server, _queue, TimeProvider.System);
        var outage = Enumerable.Repeat(QueueSink.Status(HttpStatusCode.ServiceUnavailable), 6).ToArray();
        a.Sink.Then(outage);
        await EnqueueAsync(a, 0, PerChannel);
        await a.StartAsync();

        await a.PublishedAsync(Channels.Length * PerChannel);
        await a.Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(outage.Length, a.Sink.Calls.Count(c => c.Status == 503));
        AssertEachChannelInOrderOnce(a.Sink, PerChannel);
        Assert.Empty(a.GivenUp);
    }

    [Fact]
    public async Task An_event_accepted_by_another_instance_wakes_the_lane_s_sender_at_once_not_at_its_next_poll()
    {
        var server = shared.Server;

        // B's clock never moves, so no poll of B's can find the event: only the notification can wake it.
        // Its lease (30 s, in Redis) outlasts the test, so B keeps the lane without renewing.
        var clock = new SignallingClock(DateTimeOffset.UtcNow);
        var start = clock.GetUtcNow();
        await using var b = new RedisQueueInstance(server, _queue, clock, lanes: 1, lease: TimeSpan.FromSeconds(30));
        await b.StartAsync();
        await LaneWaitsAsync(clock);

        await using var a = new RedisQueueInstance(server, _queue, TimeProvider.System, lanes: 1);
        await a.Publisher.EnqueueAsync("orders", "shipped", "woken");

        await b.PublishedAsync(1);
        Assert.Equal("woken", Assert.Single(b.Sink.Published).Data);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Empty(a.Sink.Calls);
    }

    [Fact]
    public async Task An_event_whose_notification_was_lost_is_found_by_the_idle_lane_s_own_poll()
    {
        var server = shared.Server;
        var clock = new SignallingClock(DateTimeOffset.UtcNow);
        await using var b = new RedisQueueInstance(server, _queue, clock, lanes: 1, lease: TimeSpan.FromSeconds(30));
        await b.StartAsync();
        var poll = await LaneWaitsAsync(clock);

        // An entry written as the add script writes it, but without its notification: as if the message was lost.
        await using (var other = new RedisQueueInstance(server, _queue + "-other", TimeProvider.System, lanes: 1))
        {
            await other.Publisher.EnqueueAsync("orders", "shipped", "polled");
        }

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var db = redis.GetDatabase();
        var entry = Assert.Single(await db.StreamRangeAsync($"apinator:queue:{{{_queue}-other}}:lane:0"));
        await db.StreamAddAsync($"apinator:queue:{{{_queue}}}:lane:0", entry.Values);

        clock.Advance(poll);
        await b.PublishedAsync(1);
        Assert.Equal("polled", Assert.Single(b.Sink.Published).Data);
        Assert.Equal(TimeSpan.FromSeconds(1), poll);
    }

    /// <summary>Waits until the sender, having found its lane empty, waits on its poll; returns the poll's due time.</summary>
    private static async Task<TimeSpan> LaneWaitsAsync(SignallingClock clock)
    {
        // The first timer is the lease renewal's (a third of the 30 s lease), started with the store.
        var renewal = TimeSpan.FromSeconds(10);
        TimeSpan due;
        do due = await clock.TimerStartedAsync();
        while (due == renewal);
        return due;
    }

    [Theory]
    [InlineData(null, "needs a Redis connection string")]
    [InlineData("   ", "needs a Redis connection string")]
    [InlineData("localhost:6379,syncTimeout=soon", "is malformed")]
    public void A_missing_or_malformed_connection_string_fails_at_registration_without_repeating_it(string? connectionString, string expected)
    {
        var apinator = new ServiceCollection().AddApinator(o => { });

        var error = Assert.Throws<ArgumentException>(() => apinator.UseRedisPublishQueue(connectionString));

        Assert.Contains("UseRedisPublishQueue", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (connectionString is { Length: > 5 }) Assert.DoesNotContain(connectionString, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Action<RedisPublishQueueOptions>, string> BadSettings() => new()
    {
        { o => o.Name = "", "Name" },
        { o => o.Name = "a{b}", "Name" },
        { o => o.Lease = TimeSpan.FromMilliseconds(100), "Lease" },
        { o => o.PollInterval = TimeSpan.Zero, "PollInterval" },
        { o => o.PollInterval = o.Lease, "PollInterval" },
        { o => o.IdlePollInterval = TimeSpan.Zero, "IdlePollInterval" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_out_of_range_fails_at_registration_naming_it(Action<RedisPublishQueueOptions> configure, string setting)
    {
        var apinator = new ServiceCollection().AddApinator(o => { });

        var error = Assert.Throws<ArgumentException>(() => apinator.UseRedisPublishQueue("localhost:6379", configure));

        Assert.Equal(setting, error.ParamName);
    }
}
