using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// Two instances of an app (two TestServers, each with its own Redis connection, as two processes
/// would have) sharing one real redis-server.
/// </summary>
public sealed partial class RedisDedupTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private readonly WebhookCallLog _log = new();
    private readonly FailureSchedule _failures = new();
    private readonly HandlerGates _gates = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    /// <param name="renews">False for an instance that dies (or freezes) mid-handler: its renewals never reach Redis.</param>
    /// <param name="recorded">Given the instance's store, which records its renewals, once the app creates it.</param>
    private Task<TestApp> StartInstanceAsync(RedisServer server, ApinatorProtocol protocol, TimeSpan? lease = null, bool renews = true, Action<RecordingDeliveryStore>? recorded = null) => TestApp.StartAsync(
        apinator: a =>
        {
            a.UseRedisDeliveryStore(server.ConnectionString).ConfigureWebhooks(w => w.HandlerLease = lease ?? w.HandlerLease);
            if (!renews || recorded is not null)
            {
                var redisStore = a.Services.Last(d => d.ServiceType == typeof(IWebhookDeliveryStore)).ImplementationFactory!;
                a.UseDeliveryStore(sp =>
                {
                    var store = new RecordingDeliveryStore((IWebhookDeliveryStore)redisStore(sp)) { RenewalAnswer = renews ? RenewalAnswer.Pass : RenewalAnswer.Hang };
                    recorded?.Invoke(store);
                    return store;
                });
            }
        },
        map: app => app.MapApinatorWebhooks<FlakyWebhookHandler>(),
        options: o => o.Protocol = protocol,
        services: s =>
        {
            s.AddSingleton(_log);
            s.AddSingleton(_failures);
            s.AddSingleton(_gates);
        });

    /// <summary>A delivery unique to this test run (Redis outlives each test), built the same way each time it is called.</summary>
    private Func<HttpRequestMessage> Delivery(ApinatorProtocol protocol, params string[] channels)
    {
        var body = WebhookDeliveries.Envelope(_now, [.. channels.Select(c => $$"""{"name":"channel_occupied","channel":"{{c}}"}""")]);
        return () => protocol == ApinatorProtocol.Pusher ? WebhookDeliveries.Pusher(body) : WebhookDeliveries.Apinator(body, _now);
    }

    private static string Unique(string name) => $"private-{name}-{Guid.NewGuid():N}";

    private IEnumerable<string> Handled => _log.Calls.Select(c => c.Event.Channel);

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task The_same_delivery_reaching_two_instances_at_once_is_handled_exactly_once(ApinatorProtocol protocol)
    {
        await using var first = await StartInstanceAsync(redis.Server, protocol);
        await using var second = await StartInstanceAsync(redis.Server, protocol);
        var channel = Unique("race");
        var delivery = Delivery(protocol, channel);

        // Several copies each, all at once, as a sender retrying through a load balancer might: one
        // runs the handler; the others are told to retry (503) while it runs, or 200 once it is done.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).Client.SendAsync(delivery())));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal([channel], Handled);

        // Replayed afterwards, to either instance: 200, and still handled once.
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal([channel], Handled);
    }

    [Fact]
    public async Task A_retry_on_the_other_instance_runs_only_the_events_not_handled_before()
    {
        await using var first = await StartInstanceAsync(redis.Server, ApinatorProtocol.Pusher);
        await using var second = await StartInstanceAsync(redis.Server, ApinatorProtocol.Pusher);
        string[] channels = [Unique("one"), Unique("two"), Unique("three")];
        var delivery = Delivery(ApinatorProtocol.Pusher, channels);
        _failures.FailOnce(channels[1]);

        await ProblemAssert.IsProblemAsync(await first.Client.SendAsync(delivery()), HttpStatusCode.InternalServerError);
        Assert.Equal([channels[0]], Handled);

        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(channels, Handled);

        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(channels, Handled);
    }

    [Fact]
    public async Task Redis_going_down_answers_503_and_its_return_lets_the_retry_through()
    {
        // Its own server: this test stops it.
        await using var server = await RedisServer.StartAsync();
        await using var first = await StartInstanceAsync(server, ApinatorProtocol.Apinator);
        await using var second = await StartInstanceAsync(server, ApinatorProtocol.Apinator);
        var before = Unique("before");
        var during = Unique("during");
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(Delivery(ApinatorProtocol.Apinator, before)())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(Delivery(ApinatorProtocol.Apinator, Unique("warm-up"))())).StatusCode);
        var handledBefore = Handled.Count();

        await server.StopAsync();

        var delivery = Delivery(ApinatorProtocol.Apinator, during);
        foreach (var instance in new[] { first, second })
        {
            var response = await instance.Client.SendAsync(delivery());
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Contains(instance.Logs.Entries, e => e.EventId == 24);
        }

        Assert.Equal(handledBefore, Handled.Count());

        await server.RestartAsync();

        // The sender retries (both instances, as a load balancer would alternate) until one answers 200.
        await SendUntilOkAsync(delivery, TimeSpan.FromSeconds(45), first, second);

        Assert.Single(Handled, c => c == during);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Single(Handled, c => c == during);
    }

    [Fact]
    public async Task The_app_starts_while_Redis_is_down()
    {
        await using var server = await RedisServer.StartAsync();
        await server.StopAsync();

        await using var app = await StartInstanceAsync(server, ApinatorProtocol.Pusher);
        var delivery = Delivery(ApinatorProtocol.Pusher, Unique("late"));
        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(delivery()), HttpStatusCode.ServiceUnavailable);
        Assert.Empty(Handled);
    }

    [Fact]
    public void UseRedisDeliveryStore_names_a_missing_connection_string()
    {
        var services = new ServiceCollection();
        var builder = services.AddApinator(o => { });
        var e = Assert.Throws<ArgumentException>(() => builder.UseRedisDeliveryStore((string?)null));
        Assert.Contains("ConnectionStrings:Redis", e.Message, StringComparison.Ordinal);

        var malformed = Assert.Throws<ArgumentException>(() => builder.UseRedisDeliveryStore("127.0.0.1:6379,password=hunter2,connectTimeout=soon"));
        Assert.DoesNotContain("hunter2", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseRedisDeliveryStore_replaces_the_in_memory_store()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApinator(o => { }).UseRedisDeliveryStore(redis.Server.ConnectionString);
        using var provider = services.BuildServiceProvider();
        Assert.IsType<Apinator.AspNetCore.Redis.RedisWebhookDeliveryStore>(provider.GetRequiredService<IWebhookDeliveryStore>());
    }
}
