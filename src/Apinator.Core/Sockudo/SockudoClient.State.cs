namespace Apinator.Sockudo;

// The read-only history stream inspections: GET …/history/state and GET …/presence/history/state
// (sockudo/sockudo crates/sockudo-server/src/bootstrap/router.rs; handlers channel_history_state and
// channel_presence_history_state in crates/sockudo-server/src/http_handler/history/mod.rs and presence_history/mod.rs).
public sealed partial class SockudoClient
{
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
}
