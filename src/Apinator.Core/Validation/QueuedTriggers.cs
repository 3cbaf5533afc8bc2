using System.Globalization;
using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Rest;
using Apinator.Serialization;
using Apinator.Sockudo;

namespace Apinator.Validation;

/// <summary>
/// Turns a trigger into the batch events that publish it later (one per channel), checked exactly as
/// <see cref="ApinatorClient.TriggerAsync(IReadOnlyCollection{string}, string, object?, TriggerOptions?, CancellationToken)"/>
/// checks it, with its data fixed as text. Where the service de-duplicates (Sockudo), every event gets
/// an idempotency key, whatever <see cref="ApinatorOptions.GenerateIdempotencyKeys"/> says, so a queue
/// may send it again after an answer it could not read.
/// </summary>
internal sealed class QueuedTriggers(PublishRules rules, EventBodyWriter bodies, ServiceDialect dialect)
{
    private readonly IdempotencyKeys _keys = new(dialect, generate: dialect.OffersExtensions);

    public BatchEvent[] Prepare(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(channels);
        string[] snapshot = [.. channels];
        rules.Trigger(snapshot, eventName, options, serverToUser: false);
        var key = _keys.ForTrigger(options?.IdempotencyKey, nameof(options.IdempotencyKey));
        var text = bodies.DataText(data, ChannelEncryption.IsEncryptedChannel(snapshot[0]) ? snapshot[0] : null, nameof(data));
        var events = new BatchEvent[snapshot.Length];
        for (var i = 0; i < snapshot.Length; i++)
        {
            // Each channel's copy is its own event to the service, so it needs its own key: one
            // key on two copies would have the second dropped as a repeat.
            var eventKey = key is null || snapshot.Length == 1 ? key : _keys.ForTrigger(string.Concat(key, ":", i.ToString(CultureInfo.InvariantCulture)), nameof(options.IdempotencyKey));
            events[i] = new BatchEvent(snapshot[i], eventName, text)
            {
                SocketId = options?.SocketId,
                IdempotencyKey = eventKey,
                Tags = options?.Tags,
                Extras = options?.Extras,
            };
        }

        return events;
    }
}
