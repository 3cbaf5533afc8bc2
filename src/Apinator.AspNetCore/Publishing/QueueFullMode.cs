namespace Apinator.AspNetCore.Publishing;

/// <summary>What <see cref="IApinatorPublisher.EnqueueAsync(string, string, object?, Rest.TriggerOptions?, CancellationToken)"/> does when the queue is full.</summary>
public enum QueueFullMode
{
    /// <summary>The caller waits for room, as long as its cancellation token allows.</summary>
    Wait,

    /// <summary>The caller gets <see cref="ApinatorQueueFullException"/> at once; the event is not accepted.</summary>
    Throw,
}
