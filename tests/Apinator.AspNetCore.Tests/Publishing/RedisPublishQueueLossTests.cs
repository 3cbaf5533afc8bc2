using Apinator.AspNetCore.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// A Redis restarted without its append-only file has lost the queue's accepted events: that must not
/// be silent. Each test starts its own real redis-server and restarts it; the sender never runs, so the
/// events wait in Redis when it goes.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class RedisPublishQueueLossTests
{
    private const string Check = "apinator-publish-queue";
    private readonly string _queue = Guid.NewGuid().ToString("N");

    /// <summary>
    /// An instance whose <c>apinator</c> check never turns Degraded for the events' age: they wait since
    /// before the restart, and how long Redis takes to come back (seconds, more on a busy machine) must not
    /// decide whether the check reports the loss (or, with the append-only file, nothing).
    /// </summary>
    private RedisQueueInstance Instance(RedisServer server) => new(server, _queue, TimeProvider.System, queueOptions: o => o.DegradedAfter = TimeSpan.FromHours(1));

    /// <summary>Asks until Redis answers again (the connection comes back on its own); the result is the first answer.</summary>
    private static async Task<IReadOnlyDictionary<string, HealthReportEntry>> HealthOnceReconnectedAsync(RedisQueueInstance instance)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var health = await instance.HealthAsync();
            if (health[Check].Status != HealthStatus.Unhealthy) return health;
            Assert.True(DateTime.UtcNow < deadline, "Redis still unreachable 45 s after it restarted.");
            await Task.Delay(200);
        }
    }

    private static async Task RestartWithEventsWaitingAsync(RedisServer server, RedisQueueInstance instance)
    {
        for (var n = 0; n < 5; n++) await instance.Publisher.EnqueueAsync("orders", "shipped", $"{n}");
        Assert.Equal(HealthStatus.Healthy, (await instance.HealthAsync())[Check].Status);

        await server.StopAsync();
        await server.RestartAsync();
    }

    [Fact]
    public async Task A_Redis_restarted_without_persistence_lost_the_queue_and_says_so_in_the_log_and_both_health_checks()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = Instance(server);
        await RestartWithEventsWaitingAsync(server, a);

        var health = await HealthOnceReconnectedAsync(a);

        Assert.Equal(HealthStatus.Degraded, health[Check].Status);
        Assert.Contains("appendonly yes", health[Check].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, health["apinator"].Status);
        Assert.Contains("lost its data", health["apinator"].Description, StringComparison.Ordinal);
        Assert.Contains(a.Logs.Entries, e => e.EventId == 47);

        // The events are gone indeed: what was accepted is not in Redis any more.
        await a.Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(0, a.Publisher.Count);
    }

    [Fact]
    public async Task A_Redis_restarted_with_its_append_only_file_kept_the_queue_and_nothing_is_reported()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var a = Instance(server);
        await RestartWithEventsWaitingAsync(server, a);

        var health = await HealthOnceReconnectedAsync(a);

        Assert.Equal(HealthStatus.Healthy, health[Check].Status);
        Assert.Equal(HealthStatus.Healthy, health["apinator"].Status);
        Assert.DoesNotContain(a.Logs.Entries, e => e.EventId == 47);
        await a.StartAsync();
        await a.PublishedAsync(5);
        Assert.Equal(["0", "1", "2", "3", "4"], a.Sink.Published.Select(e => e.Data));
    }

    [Fact]
    public async Task Another_instance_that_did_not_see_the_restart_notices_the_loss_when_it_looks_again()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = Instance(server);
        await using var b = Instance(server);
        Assert.Equal(HealthStatus.Healthy, (await b.HealthAsync())[Check].Status);
        await RestartWithEventsWaitingAsync(server, a);

        // A rewrites the marker first; B, which knew the old one, still sees that the data went.
        Assert.Equal(HealthStatus.Degraded, (await HealthOnceReconnectedAsync(a))[Check].Status);
        Assert.Equal(HealthStatus.Degraded, (await HealthOnceReconnectedAsync(b))[Check].Status);
        Assert.Contains(b.Logs.Entries, e => e.EventId == 47);
    }

    [Fact]
    public async Task The_Redis_check_fails_when_the_publish_queue_is_not_on_Redis()
    {
        var services = new ServiceCollection();
        services.AddApinator(o => { }).AddPublishQueue();
        services.AddHealthChecks().AddApinatorRedisPublishQueue();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == Check);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries[Check].Status);
        Assert.Contains("UseRedisPublishQueue", report.Entries[Check].Description, StringComparison.Ordinal);
    }
}
