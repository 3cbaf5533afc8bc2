using System.Text.Json;
using Apinator.Webhooks;

namespace Apinator.Benchmarks.Naive;

/// <summary>
/// The webhook parser as it was before it read the body in one pass (commit fa78e64): a
/// <see cref="JsonDocument"/> built over a copy of the body, then looked up member by member. Kept to
/// measure the library's parser against in the same run; encrypted channels left out.
/// </summary>
public sealed class DocumentWebhookParser
{
    /// <summary>Parses a body.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ApinatorValidationException">The body is not JSON of either shape.</exception>
    public WebhookDelivery Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ApinatorValidationException("The webhook body is not a JSON object.", "body");
            }

            DateTimeOffset? time = null;
            if (root.TryGetProperty("time_ms", out var ms))
            {
                // Present but unusable is the sender's error (400), whether or not an age is enforced.
                time = ms.ValueKind == JsonValueKind.Number && ms.TryGetInt64(out var millis) && millis is >= 0 and <= MaxUnixMilliseconds
                    ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
                    : throw new ApinatorValidationException("The webhook's 'time_ms' is not a time in milliseconds since 1970.", "body");
            }

            if (root.TryGetProperty("events", out var events))
            {
                if (events.ValueKind != JsonValueKind.Array) throw new ApinatorValidationException("The webhook's 'events' is not an array.", "body");
                var list = new List<WebhookEvent>(events.GetArrayLength());
                foreach (var e in events.EnumerateArray())
                {
                    list.Add(ParseEvent(e, "name"));
                }

                return new WebhookDelivery(time, list);
            }

            var nameProperty = root.TryGetProperty("event", out _) ? "event" : root.TryGetProperty("type", out _) ? "type" : "name";
            return new WebhookDelivery(time, [ParseEvent(root, nameProperty)]);
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

    /// <summary>9999-12-31T23:59:59.999Z, the last instant <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private static WebhookEvent ParseEvent(JsonElement e, string nameProperty)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new ApinatorValidationException("A webhook event is not a JSON object.", "body");
        var name = String(e, nameProperty) ?? throw new ApinatorValidationException($"A webhook event has no '{nameProperty}'.", "body");
        var channel = String(e, "channel") ?? "";
        switch (name)
        {
            case "channel_occupied": return new ChannelOccupiedEvent(channel);
            case "channel_vacated": return new ChannelVacatedEvent(channel);
            case "member_added":
                var (addedId, addedInfo) = Member(e);
                return new MemberAddedEvent(channel, addedId) { UserInfoJson = addedInfo };
            case "member_removed":
                var (removedId, removedInfo) = Member(e);
                return new MemberRemovedEvent(channel, removedId) { UserInfoJson = removedInfo };
            case "cache_miss": return new CacheMissEvent(channel);
            case "subscription_count":
                return new SubscriptionCountEvent(channel, e.TryGetProperty("subscription_count", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var count) && count >= 0
                    ? count
                    : throw new ApinatorValidationException("A subscription_count event has no 'subscription_count' that is a whole number from 0 to 2147483647.", "body"));
            case "client_event":
                // In Pusher's envelope the client event's name is under "event"; in an Apinator body
                // whose webhook name is under "event", it is under "name".
                var eventName = nameProperty switch
                {
                    "name" => String(e, "event"),
                    "event" => String(e, "name"),
                    _ => String(e, "event") ?? String(e, "name"),
                };
                return ClientEventOf(channel, eventName ?? "", e);
            default: return new UnknownWebhookEvent(name, channel, e.GetRawText());
        }
    }

    private static ClientEvent ClientEventOf(string channel, string eventName, JsonElement e)
    {
        var data = e.TryGetProperty("data", out var d)
            ? d.ValueKind == JsonValueKind.String ? d.GetString() : d.ValueKind == JsonValueKind.Null ? null : d.GetRawText()
            : null;
        return new ClientEvent(channel, eventName, data, String(e, "socket_id"), String(e, "user_id"));
    }

    /// <summary>
    /// The member of a member event: flat <c>user_id</c>/<c>user_info</c> (Pusher; Apinator's Python SDK
    /// example) or nested under <c>member</c> (Apinator's PHP SDK example).
    /// </summary>
    private static (string UserId, string? UserInfoJson) Member(JsonElement e)
    {
        var source = e.TryGetProperty("member", out var member) && member.ValueKind == JsonValueKind.Object ? member : e;
        var id = source.TryGetProperty("user_id", out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        } : "";
        var info = source.TryGetProperty("user_info", out var userInfo) && userInfo.ValueKind == JsonValueKind.Object ? userInfo.GetRawText() : null;
        return (id, info);
    }

    private static string? String(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
