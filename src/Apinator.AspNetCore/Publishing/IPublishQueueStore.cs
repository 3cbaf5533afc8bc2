namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// Where accepted events wait, split into ordered lanes (a channel always maps to the same lane, by
/// <see cref="PublishQueueLanes.Of"/>). The in-memory store is the default; a durable one (the Redis
/// store of <c>UseRedisPublishQueue</c>, one stream per lane) implements the same contract and the
/// sender does not change. Each lane is read by one sender loop at a time: <see cref="TakeAsync"/>
/// and <see cref="ReleaseAsync"/> of one lane are never called concurrently. A store that is also an
/// <c>IHealthCheck</c> is asked by the <c>apinator</c> health check, which is Degraded while it is not healthy.
/// </summary>
public interface IPublishQueueStore
{
    /// <summary>How many lanes there are; each is read by one sender loop, in order.</summary>
    int Lanes { get; }

    /// <summary>How many events wait or are being sent (a durable store may report its last known figure).</summary>
    int Count { get; }

    /// <summary>When the oldest event waiting or being sent was accepted, or null.</summary>
    DateTimeOffset? OldestEnqueuedAt { get; }

    /// <summary>
    /// True when events outlive the app (a durable store): what the sender still holds when it is
    /// stopped is left in the store for the next sender, not given up.
    /// </summary>
    bool KeepsEventsOnStop { get; }

    /// <summary>Accepts all of <paramref name="events"/> or none: waits for room or throws <see cref="ApinatorQueueFullException"/>, as configured.</summary>
    /// <param name="events">The events, one per channel.</param>
    /// <param name="cancellationToken">Stops waiting for room; nothing is then accepted.</param>
    /// <returns>A task that completes once the events are accepted.</returns>
    /// <exception cref="InvalidOperationException">The store is closed.</exception>
    ValueTask AddAsync(QueuedEvent[] events, CancellationToken cancellationToken);

    /// <summary>Waits until the lane holds an event this sender may take; false once the store is closed (and, in memory, the lane is empty).</summary>
    /// <param name="lane">The lane.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Whether the lane may be read again.</returns>
    ValueTask<bool> WaitToTakeAsync(int lane, CancellationToken cancellationToken);

    /// <summary>Moves up to <paramref name="max"/> of the lane's events, oldest first, to the end of <paramref name="batch"/>; they stay counted until released. May take none.</summary>
    /// <param name="lane">The lane.</param>
    /// <param name="batch">Where the events go.</param>
    /// <param name="max">The most to take.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes once the events are taken.</returns>
    ValueTask TakeAsync(int lane, List<QueuedEvent> batch, int max, CancellationToken cancellationToken);

    /// <summary>Removes the first <paramref name="count"/> of the lane's taken events for good (sent or given up).</summary>
    /// <param name="lane">The lane.</param>
    /// <param name="count">How many, oldest taken first.</param>
    /// <param name="oldestLeft">The oldest still taken, or null.</param>
    /// <returns>A task that completes once they are removed.</returns>
    ValueTask ReleaseAsync(int lane, int count, DateTimeOffset? oldestLeft);

    /// <summary>Takes no more events; lanes end (in memory, once empty).</summary>
    void Close();

    /// <summary>Completes when no event waits.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the store is empty.</returns>
    Task WhenEmptyAsync(CancellationToken cancellationToken);
}
