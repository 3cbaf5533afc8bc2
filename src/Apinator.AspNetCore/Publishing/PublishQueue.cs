using Apinator.Rest;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// The <see cref="IApinatorPublisher"/>: checks an event with the client's own rules and body writer
/// (<see cref="IApinator.PrepareTrigger"/>), so what is accepted is what a trigger would send, then
/// hands it to the store, one event per channel.
/// </summary>
internal sealed class PublishQueue(IApinator apinator, IPublishQueueStore store, TimeProvider time) : IApinatorPublisher
{
    public int Count => store.Count;

    public DateTimeOffset? OldestEnqueuedAt => store.OldestEnqueuedAt;

    public ValueTask EnqueueAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return EnqueueAsync([channel], eventName, data, options, cancellationToken);
    }

    public ValueTask EnqueueAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prepared = apinator.PrepareTrigger(channels, eventName, data, options);
        var now = time.GetUtcNow();
        var events = new QueuedEvent[prepared.Count];
        for (var i = 0; i < events.Length; i++) events[i] = new QueuedEvent(prepared[i], now);
        return store.AddAsync(events, cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => store.WhenEmptyAsync(cancellationToken);
}
