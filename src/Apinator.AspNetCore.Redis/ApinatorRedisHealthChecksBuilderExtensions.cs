using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Redis;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health checks of the Redis webhook delivery store and the Redis publish queue to <c>AddHealthChecks()</c>.</summary>
public static class ApinatorRedisHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks that the Redis of <c>UseRedisDeliveryStore</c> answers (Unhealthy, or
    /// <paramref name="failureStatus"/>, when it does not) and that it kept its data: after Redis lost
    /// it (restarted without persistence, flushed, evicting keys) the check is Degraded for the replay
    /// window, since deliveries handled before can then be handled again.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name, <c>apinator-delivery-store</c> by default.</param>
    /// <param name="failureStatus">The status when Redis cannot be reached; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; 5 seconds by default.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddApinatorRedisDeliveryStore(this IHealthChecksBuilder builder, string name = "apinator-delivery-store", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        return builder.Add(name, static services => new RedisDeliveryStoreHealthCheck(services.GetRequiredService<IWebhookDeliveryStore>(), services.GetService<TimeProvider>() ?? TimeProvider.System), failureStatus, tags, timeout);
    }

    /// <summary>
    /// Checks that the Redis of <c>UseRedisPublishQueue</c> answers (Unhealthy, or
    /// <paramref name="failureStatus"/>, when it does not: enqueues then fail) and that it kept the
    /// queue: after Redis lost it (restarted without persistence, flushed, evicting keys), which loses
    /// the events it held, the check is Degraded for an hour. The <c>apinator</c> check
    /// (<c>AddHealthCheck()</c>) reports both as Degraded as well.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name, <c>apinator-publish-queue</c> by default.</param>
    /// <param name="failureStatus">The status when Redis cannot be reached; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; 5 seconds by default.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddApinatorRedisPublishQueue(this IHealthChecksBuilder builder, string name = "apinator-publish-queue", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        return builder.Add(name, static services => new RedisPublishQueueHealthCheck(services.GetService<IPublishQueueStore>(), services.GetService<TimeProvider>() ?? TimeProvider.System), failureStatus, tags, timeout);
    }

    private static IHealthChecksBuilder Add(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, IHealthCheck> check, HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(name, check, failureStatus, tags, timeout ?? ApinatorHealthChecksBuilderExtensions.DefaultTimeout));
    }
}
