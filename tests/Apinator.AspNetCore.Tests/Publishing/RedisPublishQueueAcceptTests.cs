using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Tests.Webhooks;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// The Redis queue's accepts: concurrent enqueues go to Redis in one script call, each caller all or
/// none, and the count key the capacity is checked against stays right through sends, give-ups, a
/// takeover and a loss of Redis's data. Calls are counted by Redis itself (<c>INFO commandstats</c>);
/// concurrency is made certain, not likely, by pausing Redis's writes (<c>CLIENT PAUSE WRITE</c>) while
/// the first call is in flight. Instances whose clock is frozen never renew, so no depth look sets the
/// count again behind the test's back.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class RedisPublishQueueAcceptTests(AppendOnlyRedisFixture shared) : IClassFixture<AppendOnlyRedisFixture>
{
    private readonly string _queue = Guid.NewGuid().ToString("N");

    private string Key(string name) => $"apinator:queue:{{{_queue}}}:{name}";

    /// <summary>The instance's connection waits out a pause of Redis (the default 1 s timeout would fail the paused call).</summary>
    private static string Patient(RedisServer server) => server.ConnectionString.Replace("asyncTimeout=1000", "asyncTimeout=20000", StringComparison.Ordinal);

    internal static Task<ConnectionMultiplexer> AdminAsync(RedisServer server) => ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");

    private static FakeTimeProvider Frozen() => new(DateTimeOffset.UtcNow);

    private static Task<long> ScriptCallsAsync(IDatabase db) => CallsAsync(db, "eval", "evalsha");

    /// <summary>How often Redis ran the commands since its statistics were reset.</summary>
    internal static async Task<long> CallsAsync(IDatabase db, params string[] commands)
    {
        var stats = (string)(await db.ExecuteAsync("INFO", "commandstats"))!;
        return stats.Split('\n').Where(l => commands.Any(c => l.StartsWith($"cmdstat_{c}:", StringComparison.Ordinal)))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string[]> EntriesAsync(IDatabase db, int lanes)
    {
        var data = new List<string>();
        for (var i = 0; i < lanes; i++) data.AddRange((await db.StreamRangeAsync(Key($"lane:{i}"))).Select(e => (string)e["e"]!));
        return [.. data];
    }

    private async Task<long> CountKeyAsync(IDatabase db) => (long)await db.StringGetAsync(Key("count"));

    /// <summary>Waits until every lane's stream is empty, i.e. the last delete has run (bounded only to fail a broken test sooner).</summary>
    private async Task StreamsEmptyAsync(IDatabase db, int lanes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await EntriesAsync(db, lanes)).Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The queue's streams still hold entries after 30 s.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Enqueues_made_while_a_call_is_in_flight_go_to_Redis_together_in_one_script_call()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), connectionString: Patient(server));
        await a.Publisher.EnqueueAsync("orders", "shipped", "warm-up");
        await db.ExecuteAsync("CONFIG", "RESETSTAT");

        await db.ExecuteAsync("CLIENT", "PAUSE", "20000", "WRITE");
        var first = a.Publisher.EnqueueAsync("orders", "shipped", "first").AsTask();
        var others = Enumerable.Range(0, 20).Select(n => a.Publisher.EnqueueAsync($"orders-{n}", "shipped", $"other-{n}").AsTask()).ToArray();
        Assert.False(first.IsCompleted);
        await db.ExecuteAsync("CLIENT", "UNPAUSE");
        await Task.WhenAll([first, .. others]);

        // One call for the first, one for the twenty that arrived while it was in flight (at most: one for all).
        Assert.InRange(await ScriptCallsAsync(db), 1, 2);
        Assert.Equal(22, (await EntriesAsync(db, 2)).Length);
        Assert.Equal(22, await CountKeyAsync(db));
        Assert.Equal(22, a.Publisher.Count);
    }

    [Fact]
    public async Task An_instance_with_another_number_of_lanes_is_refused_with_a_configuration_exception_and_writes_nothing()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var two = new RedisQueueInstance(server, _queue, Frozen(), lanes: 2);
        await two.Publisher.EnqueueAsync("orders", "shipped", "laid out for two");
        await using var four = new RedisQueueInstance(server, _queue, Frozen(), lanes: 4);

        var refused = await Assert.ThrowsAsync<ApinatorConfigurationException>(() => four.Publisher.EnqueueAsync("orders", "shipped", "would go to another lane").AsTask());

        Assert.Contains("laid out for 2 lanes and this instance has 4", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Key("lanes"), refused.Message, StringComparison.Ordinal);
        Assert.Single(await EntriesAsync(db, 4));
        Assert.Equal(1, await CountKeyAsync(db));
        await two.Publisher.EnqueueAsync("orders", "shipped", "same lanes: still accepted");
        Assert.Equal(2, await CountKeyAsync(db));
    }

    [Fact]
    public async Task Of_callers_sent_together_those_that_fit_are_accepted_and_one_that_does_not_has_none_of_its_events_written()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), queueOptions: o =>
        {
            o.Capacity = 5;
            o.FullMode = QueueFullMode.Throw;
        }, connectionString: Patient(server));
        await a.Publisher.EnqueueAsync("orders", "shipped", "0");
        await a.Publisher.EnqueueAsync("orders", "shipped", "1");

        await db.ExecuteAsync("CLIENT", "PAUSE", "20000", "WRITE");
        var filler = a.Publisher.EnqueueAsync("orders", "shipped", "2").AsTask();
        var tooMany = a.Publisher.EnqueueAsync(["a", "b", "c"], "shipped", "all-or-none").AsTask();
        var small = new[] { a.Publisher.EnqueueAsync("orders", "shipped", "3").AsTask(), a.Publisher.EnqueueAsync("orders", "shipped", "4").AsTask() };
        await db.ExecuteAsync("CLIENT", "UNPAUSE");

        await Task.WhenAll([filler, .. small]);
        await Assert.ThrowsAsync<ApinatorQueueFullException>(() => tooMany);
        var entries = await EntriesAsync(db, 2);
        Assert.Equal(5, entries.Length);
        Assert.DoesNotContain(entries, e => e.Contains("all-or-none", StringComparison.Ordinal));
        Assert.Equal(5, await CountKeyAsync(db));
    }

    [Fact]
    public async Task A_caller_cancelled_while_its_enqueue_waits_for_the_call_in_flight_is_cancelled_at_once_and_writes_nothing()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), connectionString: Patient(server));
        await a.Publisher.EnqueueAsync("orders", "shipped", "warm-up");

        await db.ExecuteAsync("CLIENT", "PAUSE", "20000", "WRITE");
        var filler = a.Publisher.EnqueueAsync("orders", "shipped", "filler").AsTask();
        using var cancel = new CancellationTokenSource();
        var cancelled = a.Publisher.EnqueueAsync(["a", "b"], "shipped", "cancelled", cancellationToken: cancel.Token).AsTask();
        await cancel.CancelAsync();

        // Completed while Redis still holds the call before it: it was never sent.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await db.ExecuteAsync("CLIENT", "UNPAUSE");
        await filler;
        Assert.Equal(["warm-up", "filler"], (await EntriesAsync(db, 2)).Select(e => e.Contains("warm-up", StringComparison.Ordinal) ? "warm-up" : e.Contains("filler", StringComparison.Ordinal) ? "filler" : e));
        Assert.Equal(2, await CountKeyAsync(db));
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_for_room_writes_nothing()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), queueOptions: o => o.Capacity = 1);
        await a.Publisher.EnqueueAsync("orders", "shipped", "fills");

        // Its clock is frozen: it waits for room until cancelled.
        using var cancel = new CancellationTokenSource();
        var waiting = a.Publisher.EnqueueAsync("orders", "shipped", "cancelled", cancellationToken: cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Single(await EntriesAsync(db, 2));
        Assert.Equal(1, await CountKeyAsync(db));
    }

    [Fact]
    public async Task A_lane_s_wake_up_is_published_when_its_sender_is_idle_and_not_while_it_is_busy_sending()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), lanes: 1, lease: TimeSpan.FromSeconds(30));
        var gate = new TaskCompletionSource();
        a.Sink.Gate = gate;
        await a.StartAsync();

        // The sender found its lane empty and said so (bounded only to fail a broken test sooner).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await db.HashExistsAsync(Key("idle"), 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "The idle sender did not set its flag within 30 s.");
            await Task.Delay(20);
        }

        await db.ExecuteAsync("CONFIG", "RESETSTAT");
        await a.Publisher.EnqueueAsync("orders", "shipped", "0");
        await a.Sink.NextArrivalAsync();
        for (var n = 1; n < 6; n++) await a.Publisher.EnqueueAsync("orders", "shipped", $"{n}");

        Assert.Equal(1, await CallsAsync(db, "publish"));
        gate.SetResult();
        await a.PublishedAsync(6);
        Assert.Equal(["0", "1", "2", "3", "4", "5"], a.Sink.Published.Select(e => e.Data));
    }

    [Fact]
    public async Task The_count_goes_up_with_accepts_and_down_with_sends_and_give_ups()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), lease: TimeSpan.FromSeconds(30));
        for (var n = 0; n < 6; n++) await a.Publisher.EnqueueAsync($"orders-{n}", "shipped", $"{n}");
        Assert.Equal(6, await CountKeyAsync(db));

        await a.StartAsync();
        await a.PublishedAsync(6);
        await StreamsEmptyAsync(db, 2);
        Assert.Equal(0, await CountKeyAsync(db));

        a.Sink.Judge = _ => System.Net.HttpStatusCode.BadRequest;
        for (var n = 0; n < 4; n++) await a.Publisher.EnqueueAsync($"orders-{n}", "shipped", $"refused-{n}");
        await StreamsEmptyAsync(db, 2);
        Assert.Equal(4, a.GivenUp.Count);
        Assert.Equal(0, await CountKeyAsync(db));
    }

    [Fact]
    public async Task A_late_delete_by_an_instance_whose_lane_was_taken_over_does_not_count_the_entries_again()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();

        // A never renews, and its sink holds its batch until the lane has been taken over and sent by B.
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), lanes: 1);
        var gate = new TaskCompletionSource();
        a.Sink.Gate = gate;
        await a.StartAsync();
        for (var n = 0; n < 3; n++) await a.Publisher.EnqueueAsync("orders", "shipped", $"{n}");
        await a.Sink.NextArrivalAsync();

        await using (var b = new RedisQueueInstance(server, _queue, TimeProvider.System, lanes: 1))
        {
            await b.StartAsync();
            await b.PublishedAsync(3);
            await StreamsEmptyAsync(db, 1);
        }

        // Two more wait when A, let go, deletes the three B deleted already, then takes the lane back and sends them.
        await using var c = new RedisQueueInstance(server, _queue, Frozen(), lanes: 1);
        await c.Publisher.EnqueueAsync("orders", "shipped", "3");
        await c.Publisher.EnqueueAsync("orders", "shipped", "4");
        Assert.Equal(2, await CountKeyAsync(db));
        gate.SetResult();

        while (!a.Sink.Published.Any(e => e.Data == "4")) await a.Sink.NextCallAsync();
        await StreamsEmptyAsync(db, 1);
        Assert.Equal(0, await CountKeyAsync(db));
    }

    [Fact]
    public async Task After_Redis_lost_its_data_the_count_starts_again_with_the_streams()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = new RedisQueueInstance(server, _queue, Frozen(), queueOptions: o =>
        {
            o.Capacity = 3;
            o.FullMode = QueueFullMode.Throw;
        });
        for (var n = 0; n < 3; n++) await a.Publisher.EnqueueAsync("orders", "shipped", $"{n}");
        await Assert.ThrowsAsync<ApinatorQueueFullException>(() => a.Publisher.EnqueueAsync("orders", "shipped", "full").AsTask());

        await server.StopAsync();
        await server.RestartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            try
            {
                await a.Publisher.EnqueueAsync("orders", "shipped", "after");
                break;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Assert.True(DateTime.UtcNow < deadline, "Redis still unreachable 45 s after it restarted.");
                await Task.Delay(200);
            }
        }

        await a.Publisher.EnqueueAsync("orders", "shipped", "after");
        await a.Publisher.EnqueueAsync("orders", "shipped", "after");
        await using var admin = await AdminAsync(server);
        Assert.Equal(3, await CountKeyAsync(admin.GetDatabase()));
        await Assert.ThrowsAsync<ApinatorQueueFullException>(() => a.Publisher.EnqueueAsync("orders", "shipped", "full").AsTask());
    }

    [Fact]
    public async Task A_count_that_drifted_from_the_streams_is_set_right_by_the_next_renewal_s_depth_look()
    {
        var server = shared.Server;
        await using var admin = await AdminAsync(server);
        var db = admin.GetDatabase();
        var clock = Frozen();
        await using var a = new RedisQueueInstance(server, _queue, clock);
        await a.Publisher.EnqueueAsync("orders", "shipped", "0");
        await a.Publisher.EnqueueAsync("orders", "shipped", "1");
        await db.StringSetAsync(Key("count"), 7);

        // The renewal, every third of the 1 s lease, looks at the depth.
        clock.Advance(TimeSpan.FromSeconds(1) / 3);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await CountKeyAsync(db) != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The count was not set right within 30 s of the renewal.");
            await Task.Delay(20);
        }

        Assert.Equal(2, a.Publisher.Count);
    }
}
