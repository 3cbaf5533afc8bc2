using System.Text.Json;

using Apinator.Rest;

namespace Apinator.Http;

/// <summary>Reads the service's answers, in both the Apinator and the Pusher shapes.</summary>
internal static class ResponseReader
{
    public static TriggerResult Trigger(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("channels", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            // The usual answer (no info asked for): one immutable empty result serves every call.
            return NoChannelCounts;
        }

        var channels = new Dictionary<string, ChannelCounts>(StringComparer.Ordinal);
        foreach (var channel in map.EnumerateObject())
        {
            channels[channel.Name] = Counts(channel.Value);
        }

        return new TriggerResult(channels);
    }

    private static readonly TriggerResult NoChannelCounts = new(System.Collections.ObjectModel.ReadOnlyDictionary<string, ChannelCounts>.Empty);

    public static BatchTriggerResult Batch(JsonElement root)
    {
        var batch = new List<ChannelCounts>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray()) batch.Add(Counts(item));
        }

        return new BatchTriggerResult(batch);
    }

    public static IReadOnlyList<ChannelSummary> Channels(JsonElement root)
    {
        var list = new List<ChannelSummary>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("channels", out var channels)) throw Unexpected("channels");

        switch (channels.ValueKind)
        {
            case JsonValueKind.Array: // Apinator: [{"name","subscription_count"}]
                foreach (var item in channels.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String) throw Unexpected("channels[].name");
                    list.Add(new ChannelSummary(name.GetString()!, Int(item, "subscription_count"), Int(item, "user_count")));
                }

                break;
            case JsonValueKind.Object: // Pusher: {"name": {...}}
                foreach (var channel in channels.EnumerateObject())
                {
                    list.Add(new ChannelSummary(channel.Name, Int(channel.Value, "subscription_count"), Int(channel.Value, "user_count")));
                }

                break;
            default:
                throw Unexpected("channels");
        }

        return list;
    }

    public static ChannelState Channel(string name, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Unexpected("a channel object");
        var subscriptions = Int(root, "subscription_count");
        var occupied = root.TryGetProperty("occupied", out var o) && o.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? o.GetBoolean()
            : subscriptions is null or > 0; // Apinator answers 404 for a channel nobody is on.
        return new ChannelState(name, occupied, Int(root, "user_count"), subscriptions);
    }

    public static IReadOnlyList<PresenceUser> Users(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("users", out var users) || users.ValueKind != JsonValueKind.Array) throw Unexpected("users");
        var list = new List<PresenceUser>(users.GetArrayLength());
        foreach (var user in users.EnumerateArray())
        {
            if (user.ValueKind != JsonValueKind.Object || !user.TryGetProperty("id", out var id)) throw Unexpected("users[].id");
            list.Add(new PresenceUser(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()));
        }

        return list;
    }

    /// <summary>The message of an error answer: RFC 7807 detail, then title, then the common error/message members.</summary>
    public static (string? Message, string? Code) Problem(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return (null, null);
        try
        {
            using var document = ParseWhole(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            var message = Text(root, "detail") ?? Text(root, "title") ?? Text(root, "error") ?? Text(root, "message");
            string? code = null;
            if (root.TryGetProperty("code", out var c))
            {
                code = c.ValueKind == JsonValueKind.String ? StringOf(c) : c.ValueKind == JsonValueKind.Number ? c.GetRawText() : null;
            }

            return (message, code);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// The error status carried in a 2xx answer's body, or null. Soketi answers its errors (bad
    /// signature, bad body, rate limit) with HTTP 200 and <c>{"error":"…","code":401}</c>, because it
    /// writes its CORS headers before the status; taken at face value, a refused call looks like a success.
    /// </summary>
    public static int? EmbeddedErrorStatus(ReadOnlySpan<byte> body)
    {
        // Success answers are small and never carry "error": skip the parse for them.
        if (body.IndexOf("\"error\""u8) < 0) return null;
        try
        {
            using var document = ParseWhole(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String && !error.ValueEquals(""u8)
                && Int(root, "code") is >= 400 and <= 599 and var status
                ? status
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The body as one JSON value: anything but whitespace after it (<c>{…}BAD</c>, a second
    /// document) is a malformed answer, as <c>JsonDocument.Parse</c> treats success answers, so an
    /// error embedded in a 200 is not believed from a body that is not JSON.
    /// </summary>
    private static JsonDocument ParseWhole(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var document = JsonDocument.ParseValue(ref reader);
        try
        {
            // Past the value the reader only finds whitespace (false) or throws on what follows.
            if (reader.Read()) throw new JsonException("The answer holds more than one JSON value.");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static ChannelCounts Counts(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? new ChannelCounts(Int(e, "user_count"), Int(e, "subscription_count")) : new ChannelCounts(null, null);

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && StringOf(value) is { Length: > 0 } s ? s : null;

    /// <summary>
    /// A string member as text, or null when it is not valid UTF-8 or UTF-16 (which the reader accepts
    /// but <see cref="JsonElement.GetString"/> refuses with InvalidOperationException): an error
    /// answer's message is a courtesy, and a broken one must not replace the error itself.
    /// </summary>
    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonException Unexpected(string what) => new($"The answer has no valid '{what}'.");
}
