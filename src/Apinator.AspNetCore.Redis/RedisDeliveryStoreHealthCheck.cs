using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Whether the Redis of the webhook delivery store answers, and whether it kept its data: after a
/// loss (see <see cref="RedisDataLossWatch"/>) the check is Degraded for the replay window, while
/// deliveries handled before the loss can be handled again.
/// </summary>
internal sealed class RedisDeliveryStoreHealthCheck(IWebhookDeliveryStore store, TimeProvider time) : IHealthCheck
{
    /// <summary>The replay window assumed before any delivery was recorded (the default retention).</summary>
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not RedisWebhookDeliveryStore redis)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The webhook delivery store is {store.GetType().Name}, not Redis: call UseRedisDeliveryStore.");
        }

        try
        {
            await redis.CheckDataAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Redis of the webhook delivery store could not be reached; deliveries are answered 503 until it is.", e);
        }

        if (redis.DataLostAt is { } lostAt && time.GetUtcNow() - lostAt < (redis.Retention ?? DefaultWindow))
        {
            return HealthCheckResult.Degraded(
                $"The Redis of the webhook delivery store lost its data at {lostAt:u} (restarted without persistence, flushed, or evicting keys): " +
                "deliveries handled before then are handled again if replayed within the replay window. Run Redis with appendonly yes.");
        }

        return HealthCheckResult.Healthy("The Redis of the webhook delivery store answers and has kept its data.");
    }
}
