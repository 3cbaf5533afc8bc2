using Apinator.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AotApp;

/// <summary>
/// <c>AotApp:Redis</c> (a StackExchange.Redis connection string) puts the app on Redis: webhook
/// de-duplication in it (<c>UseRedisDeliveryStore</c>) and, when the publish queue is on
/// (<c>AotApp:Queue</c>), the queue too (<c>UseRedisPublishQueue</c>, named by <c>AotApp:RedisQueue</c>),
/// each with its health check, answered at <c>/health/store</c> and <c>/health/queue</c>.
/// </summary>
public static class RedisSetup
{
    private const string StoreCheck = "apinator-delivery-store";
    private const string QueueCheck = "apinator-publish-queue";

    /// <summary>Whether the app's settings put it on Redis.</summary>
    public static bool IsOn(IConfiguration configuration) => configuration["AotApp:Redis"] is not null;

    public static void AddRedis(this ApinatorBuilder apinator, IConfiguration configuration, bool queue)
    {
        var redis = configuration["AotApp:Redis"];
        var health = apinator.Services.AddHealthChecks();
        apinator.UseRedisDeliveryStore(redis);
        health.AddApinatorRedisDeliveryStore(StoreCheck);
        if (!queue) return;

        var name = configuration["AotApp:RedisQueue"];
        apinator.UseRedisPublishQueue(redis, r =>
        {
            if (name is not null) r.Name = name;
        });
        health.AddApinatorRedisPublishQueue(QueueCheck);
    }

    public static void MapRedisHealth(this WebApplication app, bool queue)
    {
        app.MapHealthChecks("/health/store", new HealthCheckOptions { Predicate = c => c.Name == StoreCheck });
        if (queue) app.MapHealthChecks("/health/queue", new HealthCheckOptions { Predicate = c => c.Name == QueueCheck });
    }
}
