using System.Runtime.CompilerServices;
using System.Text.Json;
using Apinator.Dialects;
using Apinator.Http;
using Apinator.Validation;

namespace Apinator.Sockudo;

/// <summary>
/// The <see cref="ISockudoExtensions"/> implementation. It sends through the same connection as an
/// <see cref="ApinatorClient"/> (same signing, timeouts, size cap, error mapping and channel paths), so
/// create it from the client you already have: <c>new SockudoClient(apinatorClient)</c>.
/// </summary>
public sealed partial class SockudoClient : ISockudoExtensions
{
    private static readonly KeyValuePair<string, string>[] NoQuery = [];
    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    private readonly ServiceConnection _connection;
    private readonly RestTransport _transport;
    private readonly ServiceDialect _dialect;
    private readonly SockudoBodies _bodies;

    /// <summary>Creates the extensions client over an existing client. Calls fail before sending unless its protocol is Sockudo.</summary>
    /// <param name="client">The client whose connection (transport and settings) to use; it must outlive this object.</param>
    public SockudoClient(ApinatorClient client)
        : this((client ?? throw new ArgumentNullException(nameof(client))).Connection)
    {
    }

    internal SockudoClient(ServiceConnection connection)
    {
        _connection = connection;
        _transport = connection.Transport;
        _dialect = connection.Dialect;
        _bodies = new SockudoBodies(connection.Options.GetJsonSerializerOptions().Encoder);
    }

    /// <inheritdoc />
    public Task<HistoryPage<HistoryItem>> GetHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default) =>
        GetPage(channel, "/history", query ?? new HistoryQuery(), SockudoReader.History, "Channel history", presence: false, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<HistoryItem> ReadHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new HistoryQuery();
        GetPageCheck(channel, query, "Channel history");
        return ReadAll<HistoryItem>(async c => await GetHistoryAsync(channel, query with { Cursor = c }, cancellationToken).ConfigureAwait(false), query.Cursor, cancellationToken);
    }

    /// <inheritdoc />
    public Task<HistoryPage<PresenceHistoryItem>> GetPresenceHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default)
    {
        PresenceChannel(channel);
        return GetPage(channel, "/presence/history", query ?? new HistoryQuery(), SockudoReader.Presence, "Presence history", presence: true, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PresenceHistoryItem> ReadPresenceHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new HistoryQuery();
        GetPageCheck(channel, query, "Presence history");
        PresenceChannel(channel);
        return ReadAll<PresenceHistoryItem>(async c => await GetPresenceHistoryAsync(channel, query with { Cursor = c }, cancellationToken).ConfigureAwait(false), query.Cursor, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PresenceSnapshot> GetPresenceSnapshotAsync(string channel, PresenceSnapshotQuery? query = null, CancellationToken cancellationToken = default)
    {
        PresenceChannel(channel, "Presence snapshots");
        _dialect.CheckChannelName(channel, nameof(channel));
        var parameters = new List<KeyValuePair<string, string>>(2);
        SockudoRules.Snapshot(query ?? new PresenceSnapshotQuery(), parameters);
        return _transport.SendAsync(HttpMethod.Get, ChannelPath(channel) + "/presence/history/snapshot", parameters, default, root => SockudoReader.Snapshot(root, channel), cancellationToken);
    }

    /// <inheritdoc />
    public Task<VersionedMessage> GetMessageAsync(string channel, string messageSerial, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Get, MessagePath(channel, messageSerial, "Versioned messages"), NoQuery, default, SockudoReader.Latest, cancellationToken);

    /// <inheritdoc />
    public Task<SockudoPage<VersionedMessage>> GetMessageVersionsAsync(string channel, string messageSerial, PageQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = MessagePath(channel, messageSerial, "Versioned messages") + "/versions";
        var parameters = new List<KeyValuePair<string, string>>(3);
        SockudoRules.Page(query ?? new PageQuery(), parameters);
        return _transport.SendAsync(HttpMethod.Get, path, parameters, default, root => SockudoReader.Page(root, SockudoReader.Version), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<VersionedMessage> ReadMessageVersionsAsync(string channel, string messageSerial, PageQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PageQuery();
        MessagePath(channel, messageSerial, "Versioned messages");
        SockudoRules.Page(query, []);
        return ReadAll(c => GetMessageVersionsAsync(channel, messageSerial, query with { Cursor = c }, cancellationToken), query.Cursor, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MessageMutationResult> UpdateMessageAsync(string channel, string messageSerial, MessageChange change, CancellationToken cancellationToken = default) =>
        Mutate(channel, messageSerial, SockudoBodies.Mutation.Update, "/update", change, cancellationToken);

    /// <inheritdoc />
    public Task<MessageMutationResult> DeleteMessageAsync(string channel, string messageSerial, MessageChange? change = null, CancellationToken cancellationToken = default) =>
        Mutate(channel, messageSerial, SockudoBodies.Mutation.Delete, "/delete", change ?? new MessageChange(), cancellationToken);

    /// <inheritdoc />
    public Task<MessageMutationResult> AppendMessageAsync(string channel, string messageSerial, MessageChange change, CancellationToken cancellationToken = default) =>
        Mutate(channel, messageSerial, SockudoBodies.Mutation.Append, "/append", change, cancellationToken);

    /// <inheritdoc />
    public Task<HistoryOperationResult> ResetHistoryAsync(string channel, string reason, string? requestedBy = null, CancellationToken cancellationToken = default) =>
        Operate(channel, "/history/reset", "reset", reason, requestedBy, null, "purged_messages", cancellationToken);

    /// <inheritdoc />
    public Task<HistoryOperationResult> PurgeHistoryAsync(string channel, HistoryPurge purge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purge);
        return Operate(channel, "/history/purge", "purge", purge.Reason, purge.RequestedBy, purge, "purged_messages", cancellationToken);
    }

    /// <inheritdoc />
    public Task<HistoryOperationResult> ResetPresenceHistoryAsync(string channel, string reason, string? requestedBy = null, CancellationToken cancellationToken = default)
    {
        PresenceChannel(channel);
        // Sockudo counts presence history in events: its answer says purged_events (http_handler/presence_history).
        return Operate(channel, "/presence/history/reset", "reset", reason, requestedBy, null, "purged_events", cancellationToken);
    }

    /// <inheritdoc />
    public Task ForceReconnectUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        _dialect.RequireExtensions("Forcing a user to reconnect");
        ProtocolRules.UserId(userId, nameof(userId));
        return _transport.SendAsync(HttpMethod.Post, _connection.UserPath(userId) + "/force_reconnect", NoQuery, EmptyObject, static _ => true, cancellationToken);
    }

    /// <summary>Never shows the secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"SockudoClient {{ Protocol = {_dialect}, BaseAddress = {_transport} }}";

    private Task<HistoryPage<T>> GetPage<T>(string channel, string suffix, HistoryQuery query, Func<JsonElement, T> item, string feature, bool presence, CancellationToken cancellationToken)
    {
        var parameters = GetPageCheck(channel, query, feature);
        // The two histories name their retained count and continuity flag apart (http_handler/history and presence_history).
        var (countName, continuityName) = presence ? ("retained_events", "continuity_proven") : ("retained_messages", "recovery_allowed");
        return _transport.SendAsync(HttpMethod.Get, ChannelPath(channel) + suffix, parameters, default, root => SockudoReader.HistoryPage(root, item, countName, continuityName), cancellationToken);
    }

    private List<KeyValuePair<string, string>> GetPageCheck(string channel, HistoryQuery query, string feature)
    {
        _dialect.RequireExtensions(feature);
        _dialect.CheckChannelName(channel, nameof(channel));
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<KeyValuePair<string, string>>(7);
        SockudoRules.History(query, parameters);
        return parameters;
    }

    private Task<HistoryOperationResult> Operate(string channel, string suffix, string operation, string reason, string? requestedBy, HistoryPurge? purge, string countName, CancellationToken cancellationToken)
    {
        _dialect.RequireExtensions("History " + operation);
        _dialect.CheckChannelName(channel, nameof(channel));
        var body = _bodies.Operator(channel, operation, reason, requestedBy, purge);
        return _transport.SendAsync(HttpMethod.Post, ChannelPath(channel) + suffix, NoQuery, body, root => SockudoReader.Operation(root, operation, channel, countName), cancellationToken);
    }

    private Task<MessageMutationResult> Mutate(string channel, string messageSerial, SockudoBodies.Mutation kind, string suffix, MessageChange change, CancellationToken cancellationToken)
    {
        var path = MessagePath(channel, messageSerial, "Versioned messages") + suffix;
        ArgumentNullException.ThrowIfNull(change);
        var body = _bodies.Change(kind, change);
        return _transport.SendAsync(HttpMethod.Post, path, NoQuery, body, SockudoReader.Mutation, cancellationToken);
    }

    // The read-only history stream inspections: GET …/history/state and GET …/presence/history/state
    // (sockudo/sockudo crates/sockudo-server/src/bootstrap/router.rs; handlers channel_history_state and
    // channel_presence_history_state in crates/sockudo-server/src/http_handler/history/mod.rs and presence_history/mod.rs).
    /// <inheritdoc />
    public Task<HistoryStreamInspection> GetHistoryStateAsync(string channel, CancellationToken cancellationToken = default)
    {
        _dialect.RequireExtensions("History state");
        return GetState(channel, "/history/state", "retained_messages", "recovery_allowed", cancellationToken);
    }

    /// <inheritdoc />
    public Task<HistoryStreamInspection> GetPresenceHistoryStateAsync(string channel, CancellationToken cancellationToken = default)
    {
        // The server answers 400 "Only presence channels support this endpoint" for any other channel; refuse it before sending.
        PresenceChannel(channel, "Presence history state");
        return GetState(channel, "/presence/history/state", "retained_events", "continuity_proven", cancellationToken);
    }

    private Task<HistoryStreamInspection> GetState(string channel, string suffix, string countName, string continuityName, CancellationToken cancellationToken)
    {
        _dialect.CheckChannelName(channel, nameof(channel));
        return _transport.SendAsync(HttpMethod.Get, ChannelPath(channel) + suffix, NoQuery, default, root => SockudoReader.Inspection(root, channel, countName, continuityName), cancellationToken);
    }

    private string MessagePath(string channel, string messageSerial, string feature)
    {
        _dialect.RequireExtensions(feature);
        _dialect.CheckChannelName(channel, nameof(channel));
        SockudoRules.Serial(messageSerial, nameof(messageSerial));
        return ChannelPath(channel) + "/messages/" + Segment(messageSerial, nameof(messageSerial));
    }

    private string ChannelPath(string channel) => _connection.ChannelPath(channel);

    /// <summary>One escaped path segment, by the rule of every channel path.</summary>
    private static string Segment(string value, string parameterName) => ServiceDialect.PathSegment(value, parameterName);

    private void PresenceChannel(string channel, string feature = "Presence history")
    {
        _dialect.RequireExtensions(feature);
        if (channel is not null && !channel.StartsWith(ProtocolRules.PresencePrefix, StringComparison.Ordinal))
        {
            throw new ApinatorValidationException($"Channel '{ProtocolRules.Printable(channel)}' is not a presence channel; only presence- channels have presence history.", nameof(channel));
        }
    }

    private static async IAsyncEnumerable<T> ReadAll<T>(Func<string?, Task<SockudoPage<T>>> page, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await page(cursor).ConfigureAwait(false);
            foreach (var item in current.Items) yield return item;
            if (!current.HasMore) yield break;
            if (string.IsNullOrEmpty(current.NextCursor) || current.NextCursor == cursor)
            {
                // Following it would ask for the same page forever.
                throw new ApinatorApiException($"The service said more items follow but gave {(string.IsNullOrEmpty(current.NextCursor) ? "no next_cursor" : "the same cursor again")}; reading stopped.") { StatusCode = 200 };
            }

            cursor = current.NextCursor;
        }
    }
}
