using System.Buffers;
using System.Globalization;
using Apinator.Dialects;
using Apinator.Validation;

namespace Apinator.Sockudo;

/// <summary>Input rules of Sockudo's extension calls, checked before anything is signed or sent.</summary>
internal static class SockudoRules
{
    /// <summary>Sockudo's default longest channel name (<c>validate_channel_name</c> in its sockudo-core utils.rs).</summary>
    public const int MaxChannelLength = 200;

    public const int MaxLimit = 1000;

    /// <summary>Sockudo's <c>MAX_VERSIONED_SERIAL_LENGTH</c> (sockudo-core versioned_messages.rs), for message and annotation serials alike.</summary>
    public const int MaxSerialLength = 128;

    // Sockudo's server and Node SDK accept these, ':' included for namespaces (e.g. "chat:room-1"). The server
    // also takes '#', left out here: it is reserved for the library's #server-to-user- channels.
    private static readonly SearchValues<char> ChannelChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=@,.;:");

    /// <summary>Checks the Sockudo-only publish members (<c>tags</c>, <c>extras</c>) of a trigger or batch event.</summary>
    public static void PublishExtensions(ServiceDialect dialect, IReadOnlyDictionary<string, string>? tags, System.Text.Json.JsonElement? extras, string parameterName)
    {
        if (tags is null && extras is null) return;
        dialect.RequireExtensions(tags is not null ? "Event tags" : "Event extras");
        if (extras is { ValueKind: not System.Text.Json.JsonValueKind.Object }) throw new ApinatorValidationException("Extras must be a JSON object.", parameterName + ".Extras");
        if (tags is not null)
        {
            foreach (var (key, value) in tags)
            {
                if (string.IsNullOrEmpty(key) || value is null) throw new ApinatorValidationException("A tag needs a non-empty name and a value.", parameterName + ".Tags");
            }
        }
    }

    /// <summary>Whether Sockudo takes <paramref name="channel"/> as a channel name.</summary>
    public static bool IsValidChannel(ReadOnlySpan<char> channel) =>
        channel.Length is > 0 and <= MaxChannelLength && !channel.ContainsAnyExcept(ChannelChars);

    public static void Channel(string? channel, string parameterName = "channel")
    {
        if (string.IsNullOrEmpty(channel)) throw new ApinatorValidationException("A channel name is required.", parameterName);
        if (!IsValidChannel(channel))
        {
            throw new ApinatorValidationException(
                $"Channel name '{ProtocolRules.Printable(channel)}' is not allowed: use at most {MaxChannelLength} letters, digits and _ - = @ , . ; :", parameterName);
        }
    }

    /// <summary>A message or annotation serial: visible ASCII, no '/' (one path segment).</summary>
    public static void Serial(string? serial, string parameterName)
    {
        if (string.IsNullOrEmpty(serial)) throw new ApinatorValidationException("A serial is required (e.g. 'msg:1').", parameterName);
        if (serial.Length > MaxSerialLength || serial.AsSpan().ContainsAnyExceptInRange('!', '~') || serial.Contains('/', StringComparison.Ordinal))
        {
            throw new ApinatorValidationException($"Serial '{ProtocolRules.Printable(serial)}' is not a serial: at most {MaxSerialLength} visible ASCII characters, no '/'.", parameterName);
        }
    }

    public static void Page(PageQuery query, List<KeyValuePair<string, string>> parameters)
    {
        if (query.Limit is { } limit)
        {
            if (limit is < 1 or > MaxLimit) throw new ApinatorValidationException($"Limit {limit} is out of range: use 1–{MaxLimit}.", nameof(query.Limit));
            parameters.Add(new("limit", Text(limit)));
        }

        if (query.Direction is { } direction)
        {
            parameters.Add(new("direction", direction switch
            {
                HistoryDirection.NewestFirst => "newest_first",
                HistoryDirection.OldestFirst => "oldest_first",
                _ => throw new ApinatorValidationException($"Direction {(int)direction} is neither NewestFirst nor OldestFirst.", nameof(query.Direction)),
            }));
        }

        if (query.Cursor is { } cursor)
        {
            if (cursor.Length == 0) throw new ApinatorValidationException("A cursor must not be empty; leave it null for the first page.", nameof(query.Cursor));
            parameters.Add(new("cursor", cursor));
        }
    }

    public static void History(HistoryQuery query, List<KeyValuePair<string, string>> parameters)
    {
        Page(query, parameters);
        Range(query.StartSerial, query.EndSerial, "start_serial", "end_serial", parameters);
        Range(query.StartTimeMs, query.EndTimeMs, "start_time_ms", "end_time_ms", parameters);
    }

    public static void Snapshot(PresenceSnapshotQuery query, List<KeyValuePair<string, string>> parameters)
    {
        // Sockudo's PresenceSnapshotQuery (crates/sockudo-server/src/http_handler/presence_history/mod.rs) reads
        // at_serial as u64 and at_time_ms as i64; both bound the replay inclusively and may be combined.
        if (query.AtSerial is { } serial)
        {
            if (serial < 0) throw new ApinatorValidationException($"at_serial ({serial}) must not be negative.", nameof(query.AtSerial));
            parameters.Add(new("at_serial", Text(serial)));
        }

        if (query.AtTimeMs is { } time)
        {
            if (time < 0) throw new ApinatorValidationException($"at_time_ms ({time}) must not be negative.", nameof(query.AtTimeMs));
            parameters.Add(new("at_time_ms", Text(time)));
        }
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Range(long? start, long? end, string startName, string endName, List<KeyValuePair<string, string>> parameters)
    {
        if (start < 0 || end < 0) throw new ApinatorValidationException($"{startName} and {endName} must not be negative.", startName);
        if (start > end) throw new ApinatorValidationException($"{startName} ({start}) is after {endName} ({end}).", startName);
        if (start is { } s) parameters.Add(new(startName, Text(s)));
        if (end is { } e) parameters.Add(new(endName, Text(e)));
    }
}
