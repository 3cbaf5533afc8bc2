using System.Text.Json;
using Apinator.Encryption;

namespace Apinator.Webhooks;

/// <summary>
/// Parses a verified webhook body into typed events: Pusher's batched envelope
/// <c>{"time_ms","events":[…]}</c> and Apinator's single-event body (name under <c>event</c> or
/// <c>type</c>). Verify first with <see cref="WebhookVerifier"/>.
/// </summary>
public sealed class WebhookParser
{
    /// <summary>9999-12-31T23:59:59.999Z, the last instant <see cref="DateTimeOffset"/> holds.</summary>
    internal const long MaxUnixMilliseconds = 253_402_300_799_999;

    private readonly ChannelEncryption? _encryption;

    /// <summary>Creates a parser; with <see cref="ApinatorOptions.EncryptionMasterKeyBase64"/> set it decrypts client events of encrypted channels.</summary>
    /// <param name="options">The app's settings.</param>
    public WebhookParser(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _encryption = ChannelEncryption.FromOptions(options);
    }

    /// <summary>Parses a body.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ApinatorValidationException">The body is not JSON of either shape, or has anything but whitespace after its JSON.</exception>
    public WebhookDelivery Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            // One pass of a reader over the body, building only the events: as cheap as verifying it.
            var reader = new Utf8JsonReader(body);
            if (!reader.Read()) throw new JsonException("empty");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                EndOfBody(ref reader);
                throw new ApinatorValidationException("The webhook body is not a JSON object.", "body");
            }

            var root = WebhookEventFields.Read(ref reader, body, this);
            EndOfBody(ref reader);

            DateTimeOffset? time = null;
            if (root.HasTime)
            {
                // Present but unusable is the sender's error (400), whether or not an age is enforced.
                time = root.TimeMs is { } millis
                    ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
                    : throw new ApinatorValidationException("The webhook's 'time_ms' is not a time in milliseconds since 1970.", "body");
            }

            if (root.HasEvents)
            {
                return root.EventsNotArray
                    ? throw new ApinatorValidationException("The webhook's 'events' is not an array.", "body")
                    : new WebhookDelivery(time, root.Events!);
            }

            var nameProperty = root.Event.Kind != JsonTokenType.None ? "event" : root.Type.Kind != JsonTokenType.None ? "type" : "name";
            return new WebhookDelivery(time, [ToEvent(ref root, nameProperty)]);
        }
        catch (JsonException)
        {
            throw new ApinatorValidationException("The webhook body is not valid JSON.", "body");
        }
        catch (Exception e) when (e is not ApinatorException)
        {
            // A signed body we cannot use is the sender's error, never ours: it must not become a
            // 500 that the service retries forever.
            throw new ApinatorValidationException($"The webhook body could not be read: {e.Message}", "body");
        }
    }

    /// <summary>Reads the envelope's <c>events</c> array, the reader on its start, up to its end.</summary>
    internal List<WebhookEvent> ReadEvents(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        // Most deliveries carry one event.
        var events = new List<WebhookEvent>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new ApinatorValidationException("A webhook event is not a JSON object.", "body");
            var fields = WebhookEventFields.Read(ref reader, body, envelope: null);
            events.Add(ToEvent(ref fields, "name"));
        }

        return events;
    }

    /// <summary>A body is one JSON value: anything after it but whitespace makes it malformed (the reader throws).</summary>
    private static void EndOfBody(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException("more than one value");
    }

    private WebhookEvent ToEvent(ref WebhookEventFields e, string nameProperty)
    {
        var name = e.NameUnder(nameProperty);
        if (!name.IsString) throw new ApinatorValidationException($"A webhook event has no '{nameProperty}'.", "body");
        var channel = e.Channel.StringOrNull() ?? "";
        if (name.Is("channel_occupied"u8)) return new ChannelOccupiedEvent(channel);
        if (name.Is("channel_vacated"u8)) return new ChannelVacatedEvent(channel);
        if (name.Is("member_added"u8)) return new MemberAddedEvent(channel, MemberId(ref e)) { UserInfoJson = MemberInfo(ref e) };
        if (name.Is("member_removed"u8)) return new MemberRemovedEvent(channel, MemberId(ref e)) { UserInfoJson = MemberInfo(ref e) };
        if (name.Is("cache_miss"u8)) return new CacheMissEvent(channel);
        if (name.Is("subscription_count"u8))
        {
            return new SubscriptionCountEvent(channel, e.SubscriptionCount
                ?? throw new ApinatorValidationException("A subscription_count event has no 'subscription_count' that is a whole number from 0 to 2147483647.", "body"));
        }

        if (name.Is("client_event"u8))
        {
            // In Pusher's envelope the client event's name is under "event"; in an Apinator body
            // whose webhook name is under "event", it is under "name".
            var eventName = nameProperty switch
            {
                "name" => e.Event.StringOrNull(),
                "event" => e.Name.StringOrNull(),
                _ => e.Event.StringOrNull() ?? e.Name.StringOrNull(),
            };
            var data = e.Data.Kind is JsonTokenType.None or JsonTokenType.Null ? null : e.Data.ToString();
            return ClientEventOf(channel, eventName ?? "", data, e.SocketId.StringOrNull(), e.UserId.StringOrNull());
        }

        return new UnknownWebhookEvent(name.ToString(), channel, JsonText.Object(e.Raw).ToString());
    }

    private ClientEvent ClientEventOf(string channel, string eventName, string? data, string? socketId, string? userId)
    {
        if (data is null || !ChannelEncryption.IsEncryptedChannel(channel)) return new ClientEvent(channel, eventName, data, socketId, userId);

        if (_encryption is null)
        {
            return new ClientEvent(channel, eventName, null, socketId, userId)
            {
                DecryptionError = ChannelEncryption.NoMasterKey(channel).Message,
            };
        }

        try
        {
            return new ClientEvent(channel, eventName, _encryption.Decrypt(channel, data), socketId, userId);
        }
        catch (ApinatorEncryptionException error)
        {
            return new ClientEvent(channel, eventName, null, socketId, userId) { DecryptionError = error.Message };
        }
    }

    /// <summary>
    /// The member of a member event: flat <c>user_id</c>/<c>user_info</c> (Pusher; Apinator's Python SDK
    /// example) or nested under <c>member</c> (Apinator's PHP SDK example). An id may be a string or a number.
    /// </summary>
    private static string MemberId(ref WebhookEventFields e)
    {
        var id = e.MemberIsObject ? e.MemberUserId : e.UserId;
        return id.Kind is JsonTokenType.String or JsonTokenType.Number ? id.ToString() : "";
    }

    private static string? MemberInfo(ref WebhookEventFields e)
    {
        var info = e.MemberIsObject ? e.MemberUserInfo : e.UserInfo;
        return info.Kind == JsonTokenType.StartObject ? info.ToString() : null;
    }
}
