using Apinator.Rest;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// Publishes through the app's publish queue (<c>AddApinator(…).AddPublishQueue(…)</c>): an event is
/// checked as <see cref="IApinator.TriggerAsync(string, string, object?, TriggerOptions?, CancellationToken)"/>
/// checks it, accepted into a bounded queue, and sent later in batches by a background sender that
/// retries while the service is unavailable and reports every event it gives up. Thread-safe.
/// </summary>
public interface IApinatorPublisher
{
    /// <summary>How many accepted events wait to be sent or are being sent.</summary>
    int Count { get; }

    /// <summary>When the oldest event still waiting was accepted, or null when none waits.</summary>
    DateTimeOffset? OldestEnqueuedAt { get; }

    /// <summary>Accepts an event for one channel; returns once it is in the queue (not once it is sent).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json now, so changing it afterwards changes nothing.</param>
    /// <param name="options">Socket to exclude, idempotency key, tags and extras, or null.</param>
    /// <param name="cancellationToken">Stops waiting for room in a full queue; the event is then not accepted.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule; nothing was accepted.</exception>
    /// <exception cref="ApinatorQueueFullException">The queue is full and set to <see cref="QueueFullMode.Throw"/>; nothing was accepted.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting for room; nothing was accepted.</exception>
    /// <exception cref="InvalidOperationException">The app is shutting down; the queue takes no more events.</exception>
    ValueTask EnqueueAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts one event for several channels; returns once it is in the queue. It is sent as one event
    /// per channel (each in its channel's order), so a batch never has to hold it whole.
    /// </summary>
    /// <param name="channels">The channels. End-to-end encrypted channels may not be mixed with others.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json now.</param>
    /// <param name="options">Socket to exclude, idempotency key, tags and extras, or null.</param>
    /// <param name="cancellationToken">Stops waiting for room in a full queue; the event is then not accepted.</param>
    /// <returns>A task that completes when the event is accepted, for every channel or for none.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule; nothing was accepted.</exception>
    /// <exception cref="ApinatorQueueFullException">The queue is full and set to <see cref="QueueFullMode.Throw"/>; nothing was accepted.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting for room; nothing was accepted.</exception>
    /// <exception cref="InvalidOperationException">The app is shutting down; the queue takes no more events.</exception>
    ValueTask EnqueueAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Waits until the queue is empty: every accepted event sent or given up (and reported). Useful in tests and before a planned stop.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when nothing waits.</returns>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
