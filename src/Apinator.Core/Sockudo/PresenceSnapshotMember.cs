namespace Apinator.Sockudo;

/// <summary>One member of a rebuilt presence snapshot.</summary>
/// <param name="UserId">The member's user id.</param>
/// <param name="LastEvent">The member's last replayed event: <c>member_added</c> or <c>member_updated</c>.</param>
/// <param name="LastEventSerial">That event's presence history serial.</param>
/// <param name="LastEventAtMs">When that event happened, Unix milliseconds.</param>
public sealed record PresenceSnapshotMember(string UserId, string LastEvent, long LastEventSerial, long LastEventAtMs);
