namespace Apinator.Sockudo;

/// <summary>
/// Whether a history stream is intact, as Sockudo's history store decides it. A stream that is not
/// <c>healthy</c> may have a gap; one that needs a reset comes back only through an operator reset
/// (<see cref="ISockudoExtensions.ResetHistoryAsync"/>, <see cref="ISockudoExtensions.ResetPresenceHistoryAsync"/>).
/// </summary>
/// <param name="StreamId">The stream the state is about, when there is one.</param>
/// <param name="DurableState">Sockudo's durable state of the stream: <c>healthy</c>, <c>degraded</c> or <c>reset_required</c>.</param>
/// <param name="ContinuityProven">
/// Whether Sockudo vouches that the stream has no gap, so it may be read and recovered from: <c>recovery_allowed</c> for
/// channel history, <c>continuity_proven</c> for presence history. Sockudo sets it exactly when the state is <c>healthy</c>.
/// </param>
/// <param name="ResetRequired">Whether only a reset brings the stream back.</param>
/// <param name="Reason">Why the stream left <c>healthy</c>, e.g. <c>durable_history_write_failed</c>; null when healthy.</param>
/// <param name="NodeId">The Sockudo node that recorded the last change, when known.</param>
/// <param name="LastTransitionAtMs">When the state last changed, Unix milliseconds, when known.</param>
/// <param name="AuthoritativeSource">Where the state is decided, e.g. <c>durable_store</c> or <c>in_memory</c>.</param>
/// <param name="ObservedSource">Where this answer read it from, e.g. <c>shared_cache_hint</c>.</param>
public sealed record HistoryStreamState(
    string? StreamId,
    string DurableState,
    bool ContinuityProven,
    bool ResetRequired,
    string? Reason,
    string? NodeId,
    long? LastTransitionAtMs,
    string AuthoritativeSource,
    string ObservedSource);
