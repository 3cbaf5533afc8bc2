namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// Where accepted events wait, split into ordered lanes (a channel always maps to the same lane). The
/// seam for a durable store: a Redis one (one stream per lane, entries acknowledged by
/// <see cref="Release"/>) implements the same contract; the sender does not change.
/// </summary>
internal interface IPublishQueueStore
{
    /// <summary>How many lanes there are; each is read by one sender loop, in order.</summary>
    int Lanes { get; }

    /// <summary>How many events wait or are being sent.</summary>
    int Count { get; }

    /// <summary>When the oldest event waiting or being sent was accepted, or null.</summary>
    DateTimeOffset? OldestEnqueuedAt { get; }

    /// <summary>The lane of a channel.</summary>
    int LaneOf(string channel);

    /// <summary>Accepts all of <paramref name="events"/> or none: waits for room or throws <see cref="ApinatorQueueFullException"/>, as configured.</summary>
    /// <exception cref="InvalidOperationException">The store is closed.</exception>
    ValueTask AddAsync(QueuedEvent[] events, CancellationToken cancellationToken);

    /// <summary>Waits until the lane holds an event; false once the store is closed and the lane is empty.</summary>
    ValueTask<bool> WaitToTakeAsync(int lane, CancellationToken cancellationToken);

    /// <summary>Moves up to <paramref name="max"/> of the lane's events, oldest first, to the end of <paramref name="batch"/>; they stay counted until released.</summary>
    void Take(int lane, List<QueuedEvent> batch, int max);

    /// <summary>Frees the room of <paramref name="count"/> of the lane's taken events (sent or given up); <paramref name="oldestLeft"/> is the oldest still taken, or null.</summary>
    void Release(int lane, int count, DateTimeOffset? oldestLeft);

    /// <summary>Takes no more events; lanes end once empty.</summary>
    void Close();

    /// <summary>Completes when <see cref="Count"/> is zero.</summary>
    Task WhenEmptyAsync(CancellationToken cancellationToken);
}
