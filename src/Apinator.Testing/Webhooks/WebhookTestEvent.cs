using System.Text;
using System.Text.Json;
using Apinator.Dialects;
using Apinator.Encryption;

namespace Apinator.Testing;

/// <summary>
/// One webhook event as the service would describe it. Build it with the factory methods; the
/// <see cref="WebhookTestClient"/> writes it in the app's protocol (Apinator: one event per delivery,
/// named under <c>event</c>; Pusher: events under <c>name</c> in an envelope).
/// </summary>
public sealed class WebhookTestEvent
{
    private readonly string? _name;
    private readonly string? _channel;
    private readonly IReadOnlyList<KeyValuePair<string, object?>> _fields;
    private readonly string? _rawJson;

    private WebhookTestEvent(string name, string channel, params KeyValuePair<string, object?>[] fields)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _name = name;
        _channel = channel;
        _fields = fields;
    }

    private WebhookTestEvent(string rawJson)
    {
        _rawJson = rawJson;
        _fields = [];
    }

    /// <summary>The webhook's name (e.g. <c>member_added</c>), or null for <see cref="Raw"/>.</summary>
    public string? Name => _name;

    /// <summary>The channel, or null for <see cref="Raw"/>.</summary>
    public string? Channel => _channel;

    /// <summary>A channel got its first subscriber.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent ChannelOccupied(string channel) => new("channel_occupied", channel);

    /// <summary>A channel lost its last subscriber.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent ChannelVacated(string channel) => new("channel_vacated", channel);

    /// <summary>A user joined a presence channel.</summary>
    /// <param name="channel">The presence channel.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="userInfo">The member's info, written as <c>user_info</c> when given.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent MemberAdded(string channel, string userId, object? userInfo = null) =>
        userInfo is null
            ? new("member_added", channel, F("user_id", userId))
            : new("member_added", channel, F("user_id", userId), F("user_info", userInfo));

    /// <summary>A user left a presence channel.</summary>
    /// <param name="channel">The presence channel.</param>
    /// <param name="userId">The user's id.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent MemberRemoved(string channel, string userId) => new("member_removed", channel, F("user_id", userId));

    /// <summary>A browser sent a client event (<c>client-…</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The client event's name.</param>
    /// <param name="data">
    /// Its data text, as the browser wrote it. On a <c>private-encrypted-</c> channel the
    /// <see cref="WebhookTestClient"/> encrypts it with the app's master key, as the browser does, so
    /// the app's handler should see this text again; an app without a key gets it as is (and reports
    /// that it cannot decrypt).
    /// </param>
    /// <param name="socketId">The sender's socket.</param>
    /// <param name="userId">The sender's user on a presence channel.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent ClientEvent(string channel, string eventName, string data, string? socketId = null, string? userId = null)
    {
        var fields = new List<KeyValuePair<string, object?>> { new(ClientEventNameField, eventName), new("data", data) };
        if (socketId is not null) fields.Add(new("socket_id", socketId));
        if (userId is not null) fields.Add(F("user_id", userId));
        return new("client_event", channel, [.. fields]);
    }

    /// <summary>A channel's subscription count changed.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="subscriptionCount">The new count.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent SubscriptionCount(string channel, int subscriptionCount) =>
        new("subscription_count", channel, F("subscription_count", subscriptionCount));

    /// <summary>A client subscribed to a cache channel that had no cached event.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The event.</returns>
    public static WebhookTestEvent CacheMiss(string channel) => new("cache_miss", channel);

    /// <summary>
    /// An event written exactly as given: the whole body of an Apinator delivery, or one element of a
    /// Pusher delivery's <c>events</c>.
    /// </summary>
    /// <param name="json">A JSON object.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    public static WebhookTestEvent Raw(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException("A raw webhook event must be a JSON object.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A raw webhook event must be JSON: {e.Message}", nameof(json), e);
        }

        return new(json);
    }

    /// <summary>A short description.</summary>
    /// <returns>E.g. <c>member_added on presence-chat</c>.</returns>
    public override string ToString() => _rawJson ?? $"{_name} on {_channel}";

    // Marks the client event's own name, whose property depends on the protocol.
    private const string ClientEventNameField = "\0event-name";

    internal void Write(Utf8JsonWriter json, ServiceDialect dialect, ChannelEncryption? encryption = null)
    {
        if (_rawJson is not null)
        {
            using var document = JsonDocument.Parse(_rawJson);
            document.RootElement.WriteTo(json);
            return;
        }

        json.WriteStartObject();
        // Apinator names the webhook under "event" (and so a client event's own name under "name");
        // Pusher the other way round: the dialect says which.
        json.WriteString(dialect.WebhookNameProperty, _name);
        json.WriteString("channel", _channel);
        foreach (var (key, given) in _fields)
        {
            var value = key == "data" && given is string data ? Sealed(data, encryption) : given;
            json.WritePropertyName(key == ClientEventNameField ? dialect.ClientEventNameProperty : key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    /// <summary>A client event's data as it travels on an encrypted channel: sealed by the sender, opened only by the app.</summary>
    private string Sealed(string data, ChannelEncryption? encryption) =>
        encryption is not null && ChannelEncryption.IsEncryptedChannel(_channel!)
            ? encryption.Encrypt(_channel!, Encoding.UTF8.GetBytes(data))
            : data;

    private static KeyValuePair<string, object?> F(string key, object? value) => new(key, value);

    /// <summary>
    /// The kit's own values (text, numbers, JSON) are written directly, so the kit works in a test
    /// project with reflection-based JSON off; an object of the test's own type goes through the
    /// serializer's web defaults (give a <see cref="JsonElement"/> there when reflection is off).
    /// </summary>
    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case int number: json.WriteNumberValue(number); break;
            case long number: json.WriteNumberValue(number); break;
            case JsonElement element: element.WriteTo(json); break;
            case IReadOnlyDictionary<string, string> fields:
                json.WriteStartObject();
                foreach (var (name, text) in fields) json.WriteString(name, text);
                json.WriteEndObject();
                break;
            default:
#pragma warning disable IL2026, IL3050 // A test's own object, as documented: reflection-based unless the test passes JSON.
                JsonSerializer.Serialize(json, value, value.GetType(), WebJson);
#pragma warning restore IL2026, IL3050
                break;
        }
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
}
