namespace Apinator.Sockudo;

/// <summary>A presence channel's membership as Sockudo rebuilt it by replaying its retained presence history.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Members">The members at the snapshot point, ordered by user id as Sockudo sends them.</param>
/// <param name="MemberCount">How many members Sockudo counted.</param>
/// <param name="EventsReplayed">How many presence events were replayed.</param>
/// <param name="SnapshotSerial">The serial of the last replayed event; null when none was.</param>
/// <param name="SnapshotTimeMs">When the last replayed event happened, Unix milliseconds; null when none was.</param>
/// <param name="Continuity">What is retained of the history, and whether the replay was complete.</param>
public sealed record PresenceSnapshot(
    string Channel,
    IReadOnlyList<PresenceSnapshotMember> Members,
    long MemberCount,
    long EventsReplayed,
    long? SnapshotSerial,
    long? SnapshotTimeMs,
    PresenceSnapshotContinuity Continuity);
