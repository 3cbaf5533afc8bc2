using Apinator;
using Apinator.AspNetCore.HealthChecks;
using Apinator.AspNetCore.Publishing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Apinator health check to <c>AddHealthChecks()</c>.</summary>
public static class ApinatorHealthChecksBuilderExtensions
{
    /// <summary>The default time the check may take before it counts as failed: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks that the realtime service answers a signed call with the app's credentials (one tiny
    /// channel list). Needs <c>AddApinator</c>. With a publish queue, Degraded while its oldest event
    /// waits longer than <c>DegradedAfter</c>, or while its store reports a problem (Redis lost the queue).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name, <c>apinator</c> by default.</param>
    /// <param name="failureStatus">The status when the check fails; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; <see cref="DefaultTimeout"/> by default.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddApinator(this IHealthChecksBuilder builder, string name = "apinator", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            static services => new ApinatorHealthCheck(
                services.GetRequiredService<IApinator>(),
                services.GetService<IApinatorPublisher>(),
                services.GetService<IOptions<PublishQueueOptions>>()?.Value.DegradedAfter ?? default,
                services.GetService<TimeProvider>(),
                services.GetService<IPublishQueueStore>() as IHealthCheck),
            failureStatus,
            tags,
            timeout ?? DefaultTimeout));
    }
}
