using Apinator.Rest;

namespace Apinator.AspNetCore.Publishing;

/// <summary>One accepted event for one channel, checked and with its data fixed as text (what an <see cref="IPublishQueueStore"/> holds).</summary>
/// <param name="Event">The event as it will be sent; its <see cref="BatchEvent.Data"/> is a string.</param>
/// <param name="EnqueuedAt">When it was accepted, on the app's <see cref="TimeProvider"/>.</param>
public sealed record QueuedEvent(BatchEvent Event, DateTimeOffset EnqueuedAt)
{
    /// <summary>How many times this sender sent it to the service (not kept by a durable store).</summary>
    public int Attempts { get; set; }
}
