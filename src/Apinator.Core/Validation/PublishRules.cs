using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Rest;
using Apinator.Sockudo;

namespace Apinator.Validation;

/// <summary>
/// The checks of a trigger and a batch against the app's limits and protocol, made before any body
/// is written: names, counts, socket ids, the encrypted-channel rule and Sockudo-only members.
/// </summary>
internal sealed class PublishRules(ApinatorOptions options, ServiceDialect dialect)
{
    /// <summary>Checks a trigger on the already snapshotted <paramref name="channels"/>.</summary>
    /// <param name="channels">The channels, snapshotted: what is checked is what is sent.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="trigger">The trigger's options, or null.</param>
    /// <param name="serverToUser">The one channel is the library's own <c>#server-to-user-</c> channel.</param>
    public void Trigger(string[] channels, string eventName, TriggerOptions? trigger, bool serverToUser)
    {
        ProtocolRules.EventName(eventName, options.MaxEventNameLength, nameof(eventName));
        if (channels.Length == 0) throw new ApinatorValidationException("At least one channel is required.", nameof(channels));
        if (channels.Length > options.MaxChannelsPerTrigger)
        {
            throw new ApinatorValidationException($"A trigger may address at most {options.MaxChannelsPerTrigger} channels; {channels.Length} were given. Split it into several calls.", nameof(channels));
        }

        var encrypted = 0;
        foreach (var channel in channels)
        {
            if (!serverToUser) Channel(channel, nameof(channels));
            if (ChannelEncryption.IsEncryptedChannel(channel)) encrypted++;
        }

        if (encrypted > 0 && channels.Length > 1)
        {
            // Each encrypted channel has its own key, so one ciphertext cannot serve several
            // channels, and sending plaintext alongside would defeat the point.
            throw new ApinatorValidationException("An end-to-end encrypted channel must be triggered alone: one private-encrypted- channel per trigger, not mixed with others.", nameof(channels));
        }

        if (trigger?.SocketId is { } socketId) ProtocolRules.SocketId(socketId, nameof(trigger.SocketId));
        SockudoRules.PublishExtensions(dialect, trigger?.Tags, trigger?.Extras, "options");
    }

    /// <summary>Checks a batch, already snapshotted.</summary>
    public void Batch(BatchEvent[] batch)
    {
        if (batch.Length == 0) throw new ApinatorValidationException("A batch needs at least one event.", "events");
        if (batch.Length > options.MaxBatchSize)
        {
            throw new ApinatorValidationException($"A batch may hold at most {options.MaxBatchSize} events; {batch.Length} were given. Split it into several calls.", "events");
        }

        for (var i = 0; i < batch.Length; i++)
        {
            var e = batch[i] ?? throw new ApinatorValidationException($"Batch event {i} is null.", "events");
            Channel(e.Channel, $"events[{i}].Channel");
            ProtocolRules.EventName(e.Name, options.MaxEventNameLength, $"events[{i}].Name");
            if (e.SocketId is not null) ProtocolRules.SocketId(e.SocketId, $"events[{i}].SocketId");
            SockudoRules.PublishExtensions(dialect, e.Tags, e.Extras, $"events[{i}]");
        }
    }

    /// <summary>A channel name as the service takes it (Sockudo also takes namespaced names such as <c>chat:room-1</c>).</summary>
    public void Channel(string? channel, string parameterName) => dialect.CheckChannelName(channel, parameterName);
}
