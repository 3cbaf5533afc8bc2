using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apinator.Validation;

namespace Apinator.Sockudo;

/// <summary>
/// Checks and writes the JSON bodies of Sockudo's message mutations (snake_case, as Sockudo's
/// <c>UpdateMessageRequest</c>/<c>DeleteMessageRequest</c>/<c>AppendMessageRequest</c> read them) and
/// annotations (camelCase, as its <c>PublishAnnotationRequest</c> reads them). Only members set are written.
/// </summary>
internal sealed class SockudoBodies(JavaScriptEncoder? encoder)
{
    private readonly JsonWriterOptions _options = new() { Encoder = encoder };

    public enum Mutation
    {
        Update,
        Delete,
        Append,
    }

    public byte[] Change(Mutation kind, MessageChange change)
    {
        Check(kind, change);
        return Write(writer =>
        {
            if (change.Name is not null) writer.WriteString("name"u8, change.Name);
            if (change.Data is not null) writer.WriteString("data"u8, change.Data);
            if (change.Extras is { } extras) { writer.WritePropertyName("extras"u8); extras.WriteTo(writer); }
            if (change.ClearFields != MessageFields.None)
            {
                writer.WriteStartArray("clear_fields"u8);
                if (change.ClearFields.HasFlag(MessageFields.Name)) writer.WriteStringValue("name"u8);
                if (change.ClearFields.HasFlag(MessageFields.Data)) writer.WriteStringValue("data"u8);
                if (change.ClearFields.HasFlag(MessageFields.Extras)) writer.WriteStringValue("extras"u8);
                writer.WriteEndArray();
            }

            if (change.ClientId is not null) writer.WriteString("client_id"u8, change.ClientId);
            if (change.SocketId is not null) writer.WriteString("socket_id"u8, change.SocketId);
            if (change.Description is not null) writer.WriteString("description"u8, change.Description);
            if (change.Metadata is { } metadata) { writer.WritePropertyName("metadata"u8); metadata.WriteTo(writer); }
            if (change.OpId is not null) writer.WriteString("op_id"u8, change.OpId);
        });
    }

    public byte[] Annotation(Annotation a)
    {
        if (string.IsNullOrWhiteSpace(a.Type)) throw new ApinatorValidationException("An annotation needs a type, e.g. 'reaction:distinct.v1'.", nameof(a.Type));
        if (a.Count is < 1) throw new ApinatorValidationException("An annotation's count must be at least 1.", nameof(a.Count));
        if (a.SocketId is not null) ProtocolRules.SocketId(a.SocketId, nameof(a.SocketId));
        return Write(writer =>
        {
            writer.WriteString("type"u8, a.Type);
            if (a.Name is not null) writer.WriteString("name"u8, a.Name);
            if (a.ClientId is not null) writer.WriteString("clientId"u8, a.ClientId);
            if (a.SocketId is not null) writer.WriteString("socketId"u8, a.SocketId);
            if (a.Count is { } count) writer.WriteNumber("count"u8, count);
            if (a.Data is { } data) { writer.WritePropertyName("data"u8); data.WriteTo(writer); }
            if (a.Encoding is not null) writer.WriteString("encoding"u8, a.Encoding);
        });
    }

    /// <summary>
    /// <c>{"confirm_channel","confirm_operation","reason","requested_by"?,"mode"?,"before_serial"?,"before_time_ms"?}</c>,
    /// the order of Sockudo's Python SDK (<c>_operator_payload</c>). The confirmation names the path's channel, as Sockudo requires.
    /// </summary>
    public byte[] Operator(string channel, string operation, string reason, string? requestedBy, HistoryPurge? purge = null)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ApinatorValidationException("A reason is required for a history reset or purge.", nameof(reason));
        if (requestedBy is { Length: 0 }) throw new ApinatorValidationException("RequestedBy must not be empty; leave it null.", nameof(requestedBy));
        string? mode = null;
        if (purge is not null)
        {
            if (purge.BeforeSerial is not null && purge.BeforeTimeMs is not null) throw new ApinatorValidationException("Purge before a serial or before a time, not both.", nameof(purge));
            if (purge.BeforeSerial < 0 || purge.BeforeTimeMs < 0) throw new ApinatorValidationException("A purge bound must not be negative.", nameof(purge));
            mode = purge.BeforeSerial is not null ? "before_serial" : purge.BeforeTimeMs is not null ? "before_time_ms" : "all";
        }

        return Write(writer =>
        {
            writer.WriteString("confirm_channel"u8, channel);
            writer.WriteString("confirm_operation"u8, operation);
            writer.WriteString("reason"u8, reason);
            if (requestedBy is not null) writer.WriteString("requested_by"u8, requestedBy);
            if (mode is not null) writer.WriteString("mode"u8, mode);
            if (purge?.BeforeSerial is { } serial) writer.WriteNumber("before_serial"u8, serial);
            if (purge?.BeforeTimeMs is { } time) writer.WriteNumber("before_time_ms"u8, time);
        });
    }

    /// <summary>The rules Sockudo's request types enforce (<c>validate()</c> in its protocol crate), checked here so nothing doomed is sent.</summary>
    private static void Check(Mutation kind, MessageChange c)
    {
        if (c.SocketId is not null) ProtocolRules.SocketId(c.SocketId, nameof(c.SocketId));
        if (c.Extras is { ValueKind: not JsonValueKind.Object }) throw new ApinatorValidationException("Extras must be a JSON object.", nameof(c.Extras));
        if ((c.ClearFields & ~(MessageFields.Name | MessageFields.Data | MessageFields.Extras)) != 0)
        {
            throw new ApinatorValidationException($"ClearFields {(int)c.ClearFields} names an unknown field.", nameof(c.ClearFields));
        }

        if ((c.Name is not null && c.ClearFields.HasFlag(MessageFields.Name)) || (c.Data is not null && c.ClearFields.HasFlag(MessageFields.Data)) || (c.Extras is not null && c.ClearFields.HasFlag(MessageFields.Extras)))
        {
            throw new ApinatorValidationException("A field cannot be both set and cleared in one change.", nameof(c.ClearFields));
        }

        switch (kind)
        {
            case Mutation.Update when c.Name is null && c.Data is null && c.Extras is null && c.ClearFields == MessageFields.None && c.ClientId is null && c.Description is null && c.Metadata is null && c.OpId is null:
                throw new ApinatorValidationException("An update must change or record something: set at least one of Name, Data, Extras, ClearFields, ClientId, Description, Metadata, OpId.", "change");
            case Mutation.Delete when c.Name is not null || c.ClearFields.HasFlag(MessageFields.Name):
                throw new ApinatorValidationException("A delete cannot set or clear the name.", nameof(c.Name));
            case Mutation.Append when string.IsNullOrEmpty(c.Data):
                throw new ApinatorValidationException("An append needs the text to add in Data.", nameof(c.Data));
            case Mutation.Append when c.Name is not null || c.ClearFields != MessageFields.None:
                throw new ApinatorValidationException("An append takes no Name and clears no field.", nameof(c.Name));
        }
    }

    private byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _options))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
