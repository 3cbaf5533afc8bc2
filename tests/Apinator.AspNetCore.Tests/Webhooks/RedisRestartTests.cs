using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// Issue 21 item 6: exactly once holds through a Redis restart only when Redis keeps its data. Each
/// test starts its own real redis-server and restarts it.
/// </summary>
public sealed class RedisRestartTests
{
    private readonly WebhookCallLog _log = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    private Task<TestApp> StartInstanceAsync(RedisServer server) => TestApp.StartAsync(
        apinator: a => a.UseRedisDeliveryStore(server.ConnectionString),
        map: app => app.MapApinatorWebhooks<RecordingWebhookHandler>(),
        options: o => o.Protocol = ApinatorProtocol.Pusher,
        services: s =>
        {
            s.AddSingleton(_log);
            s.AddHealthChecks().AddApinatorRedisDeliveryStore();
        });

    private HttpRequestMessage Delivery(string channel) =>
        WebhookDeliveries.Pusher(WebhookDeliveries.Envelope(_now, $$"""{"name":"channel_occupied","channel":"{{channel}}"}"""));

    private static async Task<HealthReportEntry> HealthAsync(TestApp app) =>
        (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["apinator-delivery-store"];

    /// <summary>Sends until the answer is no longer a 503 (Redis reconnecting); the service would retry the same way.</summary>
    private static async Task<HttpStatusCode> SendUntilAnsweredAsync(TestApp app, Func<HttpRequestMessage> delivery)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var status = (await app.Client.SendAsync(delivery())).StatusCode;
            if (status != HttpStatusCode.ServiceUnavailable) return status;
            Assert.True(DateTime.UtcNow < deadline, "Still 503 45 s after Redis restarted.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_Redis_restarted_without_persistence_forgets_done_marks_and_says_so_in_the_log_and_the_health_check()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartInstanceAsync(server);
        var channel = $"private-lost-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery(channel))).StatusCode);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(app)).Status);

        await server.StopAsync();
        await server.RestartAsync();

        // The replay is handled a second time: the done mark went with the data. What must not be silent is that.
        Assert.Equal(HttpStatusCode.OK, await SendUntilAnsweredAsync(app, () => Delivery(channel)));
        Assert.Equal([channel, channel], _log.Calls.Select(c => c.Event.Channel));
        var health = await HealthAsync(app);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("appendonly yes", health.Description, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 32);
    }

    [Fact]
    public async Task With_append_only_done_marks_survive_a_restart_and_a_replay_is_not_handled_twice()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var app = await StartInstanceAsync(server);
        var channel = $"private-kept-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery(channel))).StatusCode);

        await server.StopAsync();
        await server.RestartAsync();

        Assert.Equal(HttpStatusCode.OK, await SendUntilAnsweredAsync(app, () => Delivery(channel)));
        Assert.Equal([channel], _log.Calls.Select(c => c.Event.Channel));
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(app)).Status);
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId == 32);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_while_Redis_is_down()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartInstanceAsync(server);
        await server.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync(app)).Status);
    }
}
