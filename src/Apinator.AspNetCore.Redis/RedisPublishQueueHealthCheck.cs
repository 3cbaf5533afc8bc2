using Apinator.AspNetCore.Publishing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Whether the Redis of the publish queue answers (enqueues fail while it does not), and whether it
/// kept the queue: after a loss (see <see cref="RedisDataLossWatch"/>) the check is Degraded for
/// <see cref="ReportedFor"/>, so that a loss of accepted events is seen on a dashboard, not only in a log.
/// </summary>
internal sealed class RedisPublishQueueHealthCheck(IPublishQueueStore? queue, TimeProvider time) : IHealthCheck
{
    /// <summary>
    /// How long a loss keeps the check Degraded. The lost events are not coming back, so no window ends
    /// it naturally; an hour outlasts any scrape interval and alert delay without leaving it Degraded for good.
    /// </summary>
    internal static readonly TimeSpan ReportedFor = TimeSpan.FromHours(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (queue is not RedisPublishQueueStore store)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The publish queue is {queue?.GetType().Name ?? "not added"}, not on Redis: call UseRedisPublishQueue.");
        }

        try
        {
            await store.CheckDataAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Redis of the publish queue could not be reached; enqueues fail until it is, and what it holds waits.", e);
        }

        if (store.DataLostAt is { } lostAt && time.GetUtcNow() - lostAt < ReportedFor)
        {
            return HealthCheckResult.Degraded(
                $"The Redis of the publish queue lost its data at {lostAt:u} (restarted without persistence, flushed, or evicting keys): " +
                "events accepted before then and not yet sent were lost. Run Redis with appendonly yes and maxmemory-policy noeviction.");
        }

        return HealthCheckResult.Healthy("The Redis of the publish queue answers and has kept its data.");
    }
}
