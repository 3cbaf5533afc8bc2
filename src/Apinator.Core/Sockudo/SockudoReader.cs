using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>
/// Reads Sockudo's extension answers. A missing or mistyped required member throws
/// <see cref="JsonException"/>, which the transport turns into <see cref="ApinatorApiException"/>.
/// </summary>
internal static class SockudoReader
{
    /// <summary><c>{"items":[…],"has_more","next_cursor"}</c> (annotation lists spell them <c>hasMore</c>, <c>nextCursor</c>).</summary>
    public static SockudoPage<T> Page<T>(JsonElement root, Func<JsonElement, T> item)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) throw Unexpected("items");
        var list = new List<T>(items.GetArrayLength());
        foreach (var e in items.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) throw Unexpected("items[]");
            list.Add(item(e));
        }

        var more = Member(root, "has_more", "hasMore");
        if (more.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Unexpected("has_more");
        var cursor = Member(root, "next_cursor", "nextCursor");
        var next = cursor.ValueKind switch
        {
            JsonValueKind.String => cursor.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => throw Unexpected("next_cursor"),
        };
        return new SockudoPage<T>(list, more.GetBoolean(), next);
    }

    /// <summary>
    /// A channel or presence history page: <see cref="Page{T}"/> with its <c>continuity</c>, <c>bounds</c> and
    /// <c>stream_state</c> when present (Sockudo's http_handler/history and presence_history). Channel and presence
    /// history name the retained count and the continuity flag apart, as in <see cref="Inspection"/>.
    /// </summary>
    public static HistoryPage<T> HistoryPage<T>(JsonElement root, Func<JsonElement, T> item, string countName, string continuityName)
    {
        var page = Page(root, item);
        HistoryContinuity? continuity = null;
        if (OptionalObject(root, "continuity") is { } c)
        {
            continuity = new HistoryContinuity(Retention(c, countName), RequiredBool(c, "complete"), RequiredBool(c, "truncated_by_retention"))
            {
                Degraded = NullableBool(c, "degraded"),
            };
        }

        var bounds = OptionalObject(root, "bounds") is { } b
            ? new HistoryBounds(NullableLong(b, "start_serial"), NullableLong(b, "end_serial"), NullableLong(b, "start_time_ms"), NullableLong(b, "end_time_ms"))
            : null;
        var state = OptionalObject(root, "stream_state") is { } s ? State(s, continuityName) : null;
        return new HistoryPage<T>(page.Items, page.HasMore, page.NextCursor) { Continuity = continuity, Bounds = bounds, StreamState = state };
    }

    public static HistoryItem History(JsonElement e) => new(
        RequiredLong(e, "serial"), Text(e, "stream_id"), Long(e, "published_at_ms"), Text(e, "message_id"), Text(e, "event_name"), Text(e, "operation_kind"),
        e.TryGetProperty("message", out var m) ? m.Clone() : default);

    public static PresenceHistoryItem Presence(JsonElement e)
    {
        JsonElement? info = e.TryGetProperty("presence_event", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("user_info", out var u) && u.ValueKind == JsonValueKind.Object
            ? u.Clone()
            : null;
        return new(RequiredLong(e, "serial"), RequiredLong(e, "published_at_ms"), Required(e, "event"), Required(e, "cause"), Required(e, "user_id"), Text(e, "connection_id"), info);
    }

    /// <summary><c>{"channel","members":[…],"member_count","events_replayed","snapshot_serial","snapshot_time_ms","continuity":{…}}</c>.</summary>
    public static PresenceSnapshot Snapshot(JsonElement root, string channel)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("members", out var members) || members.ValueKind != JsonValueKind.Array) throw Unexpected("members");
        var list = new List<PresenceSnapshotMember>(members.GetArrayLength());
        foreach (var m in members.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object) throw Unexpected("members[]");
            list.Add(new(Required(m, "user_id"), Required(m, "last_event"), RequiredLong(m, "last_event_serial"), RequiredLong(m, "last_event_at_ms")));
        }

        if (!root.TryGetProperty("continuity", out var c) || c.ValueKind != JsonValueKind.Object) throw Unexpected("continuity");
        var continuity = new PresenceSnapshotContinuity(
            NullableText(c, "stream_id"), NullableLong(c, "oldest_available_serial"), NullableLong(c, "newest_available_serial"),
            NullableLong(c, "oldest_available_published_at_ms"), NullableLong(c, "newest_available_published_at_ms"),
            RequiredLong(c, "retained_events"), RequiredLong(c, "retained_bytes"), RequiredBool(c, "complete"), RequiredBool(c, "truncated_by_retention"));
        return new(NullableText(root, "channel") ?? channel, list, RequiredLong(root, "member_count"), RequiredLong(root, "events_replayed"),
            NullableLong(root, "snapshot_serial"), NullableLong(root, "snapshot_time_ms"), continuity);
    }

    /// <summary>
    /// <c>{"channel","stream":{"stream_id","next_serial","retained":{…},"state":{…}}}</c>. Channel and presence history name two
    /// members apart: the retained count (<paramref name="countName"/>) and the continuity flag (<paramref name="continuityName"/>).
    /// </summary>
    public static HistoryStreamInspection Inspection(JsonElement root, string channel, string countName, string continuityName)
    {
        var stream = RequiredObject(root, "stream");
        var retained = Retention(RequiredObject(stream, "retained"), countName);
        var state = State(RequiredObject(stream, "state"), continuityName);
        return new(NullableText(root, "channel") ?? channel, NullableText(stream, "stream_id"), NullableLong(stream, "next_serial"), retained, state);
    }

    private static HistoryRetention Retention(JsonElement r, string countName) => new(
        NullableText(r, "stream_id"), RequiredLong(r, countName), RequiredLong(r, "retained_bytes"),
        NullableLong(r, "oldest_available_serial"), NullableLong(r, "newest_available_serial"),
        NullableLong(r, "oldest_available_published_at_ms"), NullableLong(r, "newest_available_published_at_ms"));

    private static HistoryStreamState State(JsonElement s, string continuityName) => new(
        NullableText(s, "stream_id"), Required(s, "durable_state"), RequiredBool(s, continuityName), RequiredBool(s, "reset_required"),
        NullableText(s, "reason"), NullableText(s, "node_id"), NullableLong(s, "last_transition_at_ms"), Required(s, "authoritative_source"), Required(s, "observed_source"));

    /// <summary>The <c>item</c> of <c>{"channel","item":{…}}</c>.</summary>
    public static VersionedMessage Latest(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object ? Version(item) : throw Unexpected("item");

    public static VersionedMessage Version(JsonElement e)
    {
        JsonElement? data = e.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        var versionSerial = e.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Object ? Text(v, "serial") : null;
        return new(Required(e, "message_serial"), Required(e, "action"), Text(e, "event") ?? Text(e, "name"), data, versionSerial, e.Clone());
    }

    public static MessageMutationResult Mutation(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Unexpected("a mutation result");
        var accepted = e.TryGetProperty("accepted", out var a) && a.ValueKind is JsonValueKind.True or JsonValueKind.False ? a.GetBoolean() : throw Unexpected("accepted");
        return new(Required(e, "channel"), Required(e, "message_serial"), Required(e, "action"), accepted, Text(e, "version_serial"), Text(e, "status"));
    }

    public static AnnotationEvent Annotation(JsonElement e)
    {
        JsonElement? data = e.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        return new(Required(e, "action"), Required(e, "serial"), Required(e, "type"), Text(e, "name"), Text(e, "clientId"), Long(e, "count"), data, Long(e, "timestamp"))
        {
            Id = Text(e, "id"),
            MessageSerial = Text(e, "messageSerial"),
            Encoding = Text(e, "encoding"),
        };
    }

    /// <summary>A reset or purge answer; <paramref name="countName"/> is <c>purged_messages</c> (channel history) or <c>purged_events</c> (presence history).</summary>
    public static HistoryOperationResult Operation(JsonElement e, string operation, string channel, string countName) =>
        e.ValueKind == JsonValueKind.Object
            ? new(Text(e, "operation") ?? operation, Text(e, "channel") ?? channel, Long(e, countName), Long(e, "purged_bytes"), e.Clone())
            : throw Unexpected("an operation result");

    public static string AnnotationSerial(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object ? Required(e, name) : throw Unexpected(name);

    private static JsonElement Member(JsonElement e, string name, string alternative) =>
        e.TryGetProperty(name, out var value) || e.TryGetProperty(alternative, out value) ? value : default;

    private static string Required(JsonElement e, string name) => Text(e, name) ?? throw Unexpected(name);

    private static long RequiredLong(JsonElement e, string name) => Long(e, name) ?? throw Unexpected(name);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static bool RequiredBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Unexpected(name);

    /// <summary>Absent or null is null; any other value must be a string.</summary>
    private static string? NullableText(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Unexpected(name);

    /// <summary>Absent or null is null; any other value must be a whole number that fits a long.</summary>
    private static long? NullableLong(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw Unexpected(name);

    /// <summary>Absent or null is null; any other value must be true or false.</summary>
    private static bool? NullableBool(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Unexpected(name);

    /// <summary>Absent or null is null; any other value must be an object.</summary>
    private static JsonElement? OptionalObject(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Object ? value : throw Unexpected(name);

    private static JsonElement RequiredObject(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Unexpected(name);

    private static JsonException Unexpected(string what) => new($"The answer has no valid '{what}'.");
}
