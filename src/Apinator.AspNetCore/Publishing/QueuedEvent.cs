using Apinator.Rest;

namespace Apinator.AspNetCore.Publishing;

/// <summary>One accepted event for one channel, checked and with its data fixed as text.</summary>
/// <param name="Event">The event as it will be sent.</param>
/// <param name="EnqueuedAt">When it was accepted, on the app's <see cref="TimeProvider"/>.</param>
internal sealed record QueuedEvent(BatchEvent Event, DateTimeOffset EnqueuedAt)
{
    /// <summary>How many times it was sent to the service.</summary>
    public int Attempts { get; set; }
}
