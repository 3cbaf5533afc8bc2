using Apinator.AspNetCore.Publishing;
using Apinator.Rest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apinator.AspNetCore.HealthChecks;

/// <summary>
/// Checks that the service answers a signed call with the app's credentials: one channel list
/// filtered to a prefix no channel uses, so the answer is tiny. Refused credentials, no answer and
/// error statuses are unhealthy, each with a description that says which. With a publish queue, an
/// event waiting longer than <see cref="PublishQueueOptions.DegradedAfter"/> makes it Degraded, and so
/// does a queue store that checks itself (an <see cref="IHealthCheck"/>, as the Redis one: it lost its
/// data, or cannot be reached) and is not healthy: the queue is degraded, the service is not down.
/// </summary>
internal sealed class ApinatorHealthCheck(IApinator apinator, IApinatorPublisher? queue = null, TimeSpan degradedAfter = default, TimeProvider? time = null, IHealthCheck? store = null) : IHealthCheck
{
    /// <summary>A prefix no app uses, so the service has nothing to list.</summary>
    internal const string ProbePrefix = "apinator-health-probe-";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await apinator.GetChannelsAsync(ProbePrefix, ChannelInfo.None, cancellationToken).ConfigureAwait(false);
            if (queue?.OldestEnqueuedAt is { } oldest && (time ?? TimeProvider.System).GetUtcNow() - oldest is var age && age > degradedAfter)
            {
                return HealthCheckResult.Degraded($"The oldest event in the publish queue has waited {age.TotalSeconds:0.#} s (more than {degradedAfter.TotalSeconds:0.#} s); {queue.Count} events wait. The service may be slow or refusing calls.");
            }

            if (store is not null && await store.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false) is { Status: not HealthStatus.Healthy } stored)
            {
                return HealthCheckResult.Degraded(stored.Description, stored.Exception);
            }

            return HealthCheckResult.Healthy("The realtime service accepted the app's credentials.");
        }
        catch (ApinatorAuthenticationException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The realtime service refused the app's credentials ({e.StatusCode}): check Apinator:Key and Apinator:Secret.", e);
        }
        catch (ApinatorNetworkException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The realtime service did not answer: " + e.Message, e);
        }
        catch (ApinatorException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The realtime service answered an error ({e.StatusCode}): {e.Message}", e);
        }
    }
}
