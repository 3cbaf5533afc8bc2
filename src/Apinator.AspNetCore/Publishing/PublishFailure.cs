using Apinator.Rest;

namespace Apinator.AspNetCore.Publishing;

/// <summary>An accepted event the publish queue gave up, as reported to <see cref="PublishQueueOptions.OnGivenUp"/>.</summary>
/// <param name="Event">The event as it would have been sent: one channel, data as its final text.</param>
/// <param name="Reason">Why it was given up.</param>
/// <param name="EnqueuedAt">When the queue accepted it (on the app's <see cref="TimeProvider"/>).</param>
/// <param name="Attempts">How many times it was sent to the service (0 when it never was).</param>
/// <param name="Exception">The last failure, when there was one; its message never carries the secret.</param>
public sealed record PublishFailure(BatchEvent Event, PublishFailureReason Reason, DateTimeOffset EnqueuedAt, int Attempts, Exception? Exception)
{
    /// <summary>The HTTP status the service last answered, or 0 when it did not answer.</summary>
    public int StatusCode => Exception is ApinatorException { StatusCode: var status } ? status : 0;
}
