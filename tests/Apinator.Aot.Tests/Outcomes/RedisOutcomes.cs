using System.Net;
using AotApp;
using Apinator.Aot.Tests.Services;
using Apinator.AspNetCore.Tests.Webhooks;
using static Apinator.Aot.Tests.Outcomes.QueueOutcomes;
using static Apinator.Aot.Tests.Requests;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>
/// <c>Apinator.AspNetCore.Redis</c> with StackExchange.Redis, against a real redis-server each
/// scenario starts on a free loopback port (append-only where data must outlive a restart): the
/// durable publish queue, webhook de-duplication shared by two instances, and both health checks.
/// </summary>
internal static class RedisOutcomes
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("redis queue: an enqueued event reaches the service as TriggerAsync sends it", Scenario.AppContext, async (start, json) =>
        {
            await using var redis = await RedisServer.StartAsync(appendOnly: true);
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Wait", redis: redis.ConnectionString));

            (await app.Client.PostAsync("/orders/o-1/shipped-now/1", null)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/orders/o-1/shipped/1", null)).StatusCode);
            await sink.EventsAsync(2);

            var (triggered, queued) = (sink.Calls[0], sink.Calls[1]);
            Assert.Equal($"/apps/{AppUnderTest.AppId}/batch_events", queued.Path);
            Assert.All(sink.Calls, call => Assert.True(call.Signed, $"Not signed as PROTOCOL.md says: {call}"));
            Assert.Equal(Assert.Single(triggered.Events), Assert.Single(queued.Events));
            Assert.Equal(Shipped("o-1", 1), queued.Events[0]);
            Assert.Equal("0", await FlushAsync(app));
        }),
        new("redis queue: events left at a graceful stop are sent after Redis and the app restart, in order, once", Scenario.AppContext, async (start, json) =>
        {
            const int Count = 8;
            await using var redis = await RedisServer.StartAsync(appendOnly: true);
            await using var sink = await EventSink.StartAsync();
            var settings = Settings(json, sink, "Wait", redis: redis.ConnectionString);
            await using (var first = await start(settings))
            {
                sink.Hold();
                Task stopped;
                try
                {
                    // Event 1 is held at the service, so its lane is busy while the others are accepted into Redis.
                    Assert.Equal(HttpStatusCode.Accepted, (await first.Client.PostAsync("/orders/o-7/shipped/1", null)).StatusCode);
                    await sink.CallsAsync(1);
                    for (var step = 2; step <= Count; step++)
                    {
                        Assert.Equal(HttpStatusCode.Accepted, (await first.Client.PostAsync($"/orders/o-7/shipped/{step}", null)).StatusCode);
                    }

                    stopped = await first.BeginStopAsync();
                    // Released only once the sender is being stopped: a durable queue then sends no more.
                    await first.LogContainingAsync(QueueStopSignal.Message);
                }
                finally
                {
                    sink.Release();
                }

                await stopped;
            }

            // The rest were neither sent nor given up: they wait in Redis, which keeps them through its own restart.
            Assert.Equal([Shipped("o-7", 1)], sink.Events);
            await redis.StopAsync();
            await redis.RestartAsync();

            await using var second = await start(settings);
            await sink.EventsAsync(Count);
            Assert.Equal("0", await FlushAsync(second));
            Assert.Equal(Enumerable.Range(1, Count).Select(step => Shipped("o-7", step)), sink.Events);
            Assert.All(sink.Calls, call => Assert.True(call.Signed, $"Not signed as PROTOCOL.md says: {call}"));
        }),
        new("redis webhooks: a delivery is handled once across two instances, a copy during handling is 503", Scenario.AnyJson, async (start, json) =>
        {
            await using var redis = await RedisServer.StartAsync();
            var settings = AppUnderTest.Settings(json, ("AotApp:Redis", redis.ConnectionString));
            await using var a = await start(settings);
            await using var b = await start(settings);

            var channel = Unique("held-");
            var (body, timestamp) = (WebhookBody(channel), Now);
            var first = a.Client.SendAsync(Webhook(body, timestamp));
            (await a.Client.GetAsync($"/test/entered/{channel}")).EnsureSuccessStatusCode();

            // The other instance sees A's claim in Redis: the service is told to come back.
            var copy = await b.Client.SendAsync(Webhook(body, timestamp));
            await Answers.IsProblemAsync(copy, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(copy.Headers.RetryAfter);

            (await a.Client.PostAsync($"/test/release/{channel}", null)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.Client.SendAsync(Webhook(body, timestamp))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(Webhook(body, timestamp))).StatusCode);
            Assert.Equal("1", await a.Client.GetStringAsync($"/test/handled/{channel}"));
            Assert.Equal("0", await b.Client.GetStringAsync($"/test/handled/{channel}"));
        }),
        new("redis health: both checks Healthy, Unhealthy once redis-server is stopped", Scenario.ReadmeOnly, async (start, json) =>
        {
            await using var redis = await RedisServer.StartAsync();
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Wait", redis: redis.ConnectionString));

            foreach (var check in new[] { "/health/store", "/health/queue" })
            {
                var healthy = await app.Client.GetAsync(check);
                Assert.Equal((HttpStatusCode.OK, "Healthy"), (healthy.StatusCode, await healthy.Content.ReadAsStringAsync()));
            }

            await redis.StopAsync();
            foreach (var check in new[] { "/health/store", "/health/queue" })
            {
                var unhealthy = await app.Client.GetAsync(check);
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (unhealthy.StatusCode, await unhealthy.Content.ReadAsStringAsync()));
            }
        }),
    ];
}
