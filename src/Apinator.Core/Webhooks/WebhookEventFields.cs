using System.Text.Json;

namespace Apinator.Webhooks;

/// <summary>
/// The members of one JSON object of a webhook body that the parser may use, read in one pass of a
/// <see cref="Utf8JsonReader"/> over the body (no document is built). A repeated member counts by its
/// last occurrence, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> does.
/// </summary>
internal ref struct WebhookEventFields
{
    public JsonText Name, Event, Type, Channel, UserId, UserInfo, MemberUserId, MemberUserInfo, Data, SocketId;

    /// <summary>The last <c>member</c> was an object (Apinator's PHP SDK nests the member there).</summary>
    public bool MemberIsObject;

    /// <summary>A valid <c>subscription_count</c> (a whole number from 0), else null.</summary>
    public int? SubscriptionCount;

    /// <summary>The object's JSON as sent, for events the library does not know.</summary>
    public ReadOnlySpan<byte> Raw;

    /// <summary>Envelope members, read only at the top level.</summary>
    public bool HasTime, HasEvents, EventsNotArray;

    /// <summary>A usable <c>time_ms</c>, else null.</summary>
    public long? TimeMs;

    /// <summary>The envelope's events, parsed as they are read.</summary>
    public List<WebhookEvent>? Events;

    /// <summary>Reads the object the reader is on, up to and including its end.</summary>
    /// <param name="reader">On the object's <c>StartObject</c>.</param>
    /// <param name="body">The body the reader reads.</param>
    /// <param name="envelope">The parser, to read <c>time_ms</c> and <c>events</c> of the top-level object; null for an event of the envelope.</param>
    public static WebhookEventFields Read(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> body, WebhookParser? envelope)
    {
        var fields = default(WebhookEventFields);
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            reader.Read();
            switch (property)
            {
                case Property.Name: fields.Name = JsonText.Read(ref reader, body); break;
                case Property.Event: fields.Event = JsonText.Read(ref reader, body); break;
                case Property.Type: fields.Type = JsonText.Read(ref reader, body); break;
                case Property.Channel: fields.Channel = JsonText.Read(ref reader, body); break;
                case Property.UserId: fields.UserId = JsonText.Read(ref reader, body); break;
                case Property.UserInfo: fields.UserInfo = JsonText.Read(ref reader, body); break;
                case Property.Data: fields.Data = JsonText.Read(ref reader, body); break;
                case Property.SocketId: fields.SocketId = JsonText.Read(ref reader, body); break;
                case Property.Member: fields.ReadMember(ref reader, body); break;
                case Property.SubscriptionCount:
                    fields.SubscriptionCount = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count) && count >= 0 ? count : null;
                    break;
                case Property.TimeMs when envelope is not null:
                    fields.HasTime = true;
                    fields.TimeMs = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var millis) && millis is >= 0 and <= WebhookParser.MaxUnixMilliseconds ? millis : null;
                    break;
                case Property.Events when envelope is not null:
                    fields.HasEvents = true;
                    fields.EventsNotArray = reader.TokenType != JsonTokenType.StartArray;
                    fields.Events = fields.EventsNotArray ? null : envelope.ReadEvents(ref reader, body);
                    if (fields.EventsNotArray) reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        fields.Raw = body[start..(int)reader.BytesConsumed];
        return fields;
    }

    /// <summary>The value of the member named by <paramref name="property"/> (<c>name</c>, <c>event</c> or <c>type</c>).</summary>
    public readonly JsonText NameUnder(string property) => property switch
    {
        "event" => Event,
        "type" => Type,
        _ => Name,
    };

    private void ReadMember(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        MemberIsObject = reader.TokenType == JsonTokenType.StartObject;
        MemberUserId = default;
        MemberUserInfo = default;
        if (!MemberIsObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            reader.Read();
            if (property == Property.UserId) MemberUserId = JsonText.Read(ref reader, body);
            else if (property == Property.UserInfo) MemberUserInfo = JsonText.Read(ref reader, body);
            else reader.Skip();
        }
    }

    private enum Property
    {
        Other, Name, Event, Type, Channel, UserId, UserInfo, Member, Data, SocketId, SubscriptionCount, TimeMs, Events,
    }

    /// <summary>Which member the reader is on; escaped names (rare) are compared unescaped by the reader.</summary>
    private static Property PropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped) return Escaped(ref reader);
        var name = reader.ValueSpan;
        return name.Length switch
        {
            4 => name.SequenceEqual("name"u8) ? Property.Name : name.SequenceEqual("type"u8) ? Property.Type : name.SequenceEqual("data"u8) ? Property.Data : Property.Other,
            5 => name.SequenceEqual("event"u8) ? Property.Event : Property.Other,
            6 => name.SequenceEqual("events"u8) ? Property.Events : name.SequenceEqual("member"u8) ? Property.Member : Property.Other,
            7 => name.SequenceEqual("channel"u8) ? Property.Channel : name.SequenceEqual("user_id"u8) ? Property.UserId : name.SequenceEqual("time_ms"u8) ? Property.TimeMs : Property.Other,
            9 => name.SequenceEqual("user_info"u8) ? Property.UserInfo : name.SequenceEqual("socket_id"u8) ? Property.SocketId : Property.Other,
            18 => name.SequenceEqual("subscription_count"u8) ? Property.SubscriptionCount : Property.Other,
            _ => Property.Other,
        };
    }

    private static Property Escaped(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("name"u8) ? Property.Name
        : reader.ValueTextEquals("event"u8) ? Property.Event
        : reader.ValueTextEquals("type"u8) ? Property.Type
        : reader.ValueTextEquals("channel"u8) ? Property.Channel
        : reader.ValueTextEquals("user_id"u8) ? Property.UserId
        : reader.ValueTextEquals("user_info"u8) ? Property.UserInfo
        : reader.ValueTextEquals("member"u8) ? Property.Member
        : reader.ValueTextEquals("data"u8) ? Property.Data
        : reader.ValueTextEquals("socket_id"u8) ? Property.SocketId
        : reader.ValueTextEquals("subscription_count"u8) ? Property.SubscriptionCount
        : reader.ValueTextEquals("time_ms"u8) ? Property.TimeMs
        : reader.ValueTextEquals("events"u8) ? Property.Events
        : Property.Other;
}
