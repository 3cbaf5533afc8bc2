using System.Buffers;
using System.Text;
using System.Text.Json;
using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Rest;
using Apinator.Validation;

namespace Apinator.Serialization;

/// <summary>
/// Writes the JSON bodies of trigger and batch calls: event <c>data</c> as a string (serialized,
/// size-checked and, for encrypted channels, sealed). Inputs are validated by the caller; the body
/// returned is rented from <see cref="JsonBuffers"/> and goes back there after sending.
/// </summary>
internal sealed class EventBodyWriter(ApinatorOptions options, ServiceDialect dialect, JsonBuffers buffers, ChannelEncryption? encryption)
{
    private readonly JsonData _data = new(options.GetJsonSerializerOptions());
    /// <summary>Read once: the dialect's answer never changes, and the trigger path is hot.</summary>
    private readonly bool _oneChannelAsChannel = dialect.WritesOneChannelAsChannel;

    /// <summary><c>{"name","channel"|"channels","data","socket_id"?,"info"?,"tags"?,"idempotency_key"?,"extras"?}</c>.</summary>
    /// <param name="channels">The validated channels; one encrypted channel at most, alone.</param>
    /// <param name="eventName">The validated event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="socketId">A validated socket id to exclude, or null.</param>
    /// <param name="info">Attributes to ask for.</param>
    /// <param name="sockudo">Checked Sockudo-only members: idempotency key, tags, extras; none by default.</param>
    public ArrayBufferWriter<byte> Trigger(string[] channels, string eventName, object? data, string? socketId, ChannelInfo info, SockudoFields sockudo = default) =>
        Build((channels, eventName, data, socketId, info, sockudo), static (self, writer, e) =>
        {
            writer.WriteString("name"u8, e.eventName);
            if (e.channels.Length == 1 && self._oneChannelAsChannel)
            {
                writer.WriteString("channel"u8, e.channels[0]);
            }
            else
            {
                writer.WriteStartArray("channels"u8);
                foreach (var channel in e.channels) writer.WriteStringValue(channel);
                writer.WriteEndArray();
            }

            self.WriteData(writer, e.data, ChannelEncryption.IsEncryptedChannel(e.channels[0]) ? e.channels[0] : null, nameof(data));
            if (e.socketId is not null) writer.WriteString("socket_id"u8, e.socketId);
            WriteInfo(writer, e.info);
            WriteSockudo(writer, e.sockudo);
        });

    /// <summary><c>{"batch":[{"channel","name","data","socket_id"?,"info"?,"tags"?,"idempotency_key"?,"extras"?}…]}</c>.</summary>
    /// <param name="events">The validated events.</param>
    public ArrayBufferWriter<byte> Batch(BatchEvent[] events) =>
        Build(events, static (self, writer, events) =>
        {
            writer.WriteStartArray("batch"u8);
            for (var i = 0; i < events.Length; i++)
            {
                var e = events[i];
                writer.WriteStartObject();
                writer.WriteString("channel"u8, e.Channel);
                writer.WriteString("name"u8, e.Name);
                self.WriteData(writer, e.Data, ChannelEncryption.IsEncryptedChannel(e.Channel) ? e.Channel : null, $"events[{i}].Data");
                if (e.SocketId is not null) writer.WriteString("socket_id"u8, e.SocketId);
                WriteInfo(writer, e.Info);
                WriteSockudo(writer, new SockudoFields(e.IdempotencyKey, e.Tags, e.Extras));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>
    /// An event's data as the text a trigger would send for it (a string as is, anything else
    /// serialized), checked as a trigger checks it: its size and, for an encrypted channel, that it
    /// can be sealed within the limit. Sent later as a string, it goes out byte for byte the same,
    /// whatever happens to the caller's object meanwhile.
    /// </summary>
    /// <param name="data">The event's data.</param>
    /// <param name="encryptedChannel">The one encrypted channel the event goes to, or null.</param>
    /// <param name="parameterName">The parameter named by a failed check.</param>
    public string DataText(object? data, string? encryptedChannel, string parameterName)
    {
        var text = data as string;
        if (text is null)
        {
            var serialized = buffers.RentBuffer();
            try
            {
                WriteDataBytes(serialized, data);
                text = Encoding.UTF8.GetString(serialized.WrittenSpan);
            }
            finally
            {
                // A plaintext for an encrypted channel must not linger in a pooled buffer.
                buffers.Return(serialized, clear: encryptedChannel is not null);
            }
        }

        if (encryptedChannel is null)
        {
            // WriteData's check of a string, without writing a body only to throw it away.
            ProtocolRules.DataSize(Encoding.UTF8.GetByteCount(text), options.MaxDataBytes, parameterName);
            return text;
        }

        // The very checks of a trigger's body (a master key, the size once sealed); the body is thrown away.
        buffers.Return(Build((text, encryptedChannel, parameterName), static (self, writer, e) => self.WriteData(writer, e.text, e.encryptedChannel, e.parameterName)));
        return text;
    }

    /// <summary>The query and body spelling of <see cref="ChannelInfo"/>.</summary>
    public static string InfoText(ChannelInfo info) => info switch
    {
        ChannelInfo.UserCount => "user_count",
        ChannelInfo.SubscriptionCount => "subscription_count",
        _ => "user_count,subscription_count",
    };

    /// <summary>One JSON object, its members written by <paramref name="members"/>, in a rented buffer.</summary>
    private ArrayBufferWriter<byte> Build<TState>(TState state, Action<EventBodyWriter, Utf8JsonWriter, TState> members)
    {
        var body = buffers.RentBuffer();
        var writer = buffers.RentWriter(body);
        try
        {
            writer.WriteStartObject();
            members(this, writer, state);
            writer.WriteEndObject();
            writer.Flush();
            return body;
        }
        catch
        {
            buffers.Return(body);
            throw;
        }
        finally
        {
            buffers.Return(writer);
        }
    }

    private void WriteData(Utf8JsonWriter writer, object? data, string? encryptedChannel, string parameterName)
    {
        if (encryptedChannel is not null)
        {
            if (encryption is null) throw ChannelEncryption.NoMasterKey(encryptedChannel, "Nothing was sent.");
            var plain = buffers.RentBuffer();
            string sealedData;
            try
            {
                WriteDataBytes(plain, data);
                sealedData = encryption.Encrypt(encryptedChannel, plain.WrittenSpan);
            }
            finally
            {
                // Pooled buffers are reused: don't leave the plaintext in one.
                buffers.Return(plain, clear: true);
            }

            ProtocolRules.DataSize(Encoding.UTF8.GetByteCount(sealedData), options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, sealedData);
            return;
        }

        if (data is string text)
        {
            ProtocolRules.DataSize(Encoding.UTF8.GetByteCount(text), options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, text);
            return;
        }

        var serialized = buffers.RentBuffer();
        try
        {
            WriteDataBytes(serialized, data);
            ProtocolRules.DataSize(serialized.WrittenCount, options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, serialized.WrittenSpan);
        }
        finally
        {
            buffers.Return(serialized);
        }
    }

    private void WriteDataBytes(ArrayBufferWriter<byte> output, object? data)
    {
        if (data is string text)
        {
            output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
            return;
        }

        var writer = buffers.RentWriter(output);
        try
        {
            if (data is null) writer.WriteNullValue();
            else _data.Write(writer, data);
            writer.Flush();
        }
        finally
        {
            buffers.Return(writer);
        }
    }

    /// <summary>Sockudo's publish members, written after the Pusher ones, in the order of its <c>PusherApiMessage</c>.</summary>
    private static void WriteSockudo(Utf8JsonWriter writer, SockudoFields fields)
    {
        if (fields.Tags is { } tags)
        {
            writer.WriteStartObject("tags"u8);
            foreach (var (key, value) in tags) writer.WriteString(key, value);
            writer.WriteEndObject();
        }

        if (fields.IdempotencyKey is not null) writer.WriteString("idempotency_key"u8, fields.IdempotencyKey);
        if (fields.Extras is { } extras)
        {
            writer.WritePropertyName("extras"u8);
            extras.WriteTo(writer);
        }
    }

    /// <summary>The Sockudo-only members of one published event.</summary>
    public readonly record struct SockudoFields(string? IdempotencyKey, IReadOnlyDictionary<string, string>? Tags, JsonElement? Extras);

    private static void WriteInfo(Utf8JsonWriter writer, ChannelInfo info)
    {
        if (info != ChannelInfo.None) writer.WriteString("info"u8, InfoText(info));
    }
}
