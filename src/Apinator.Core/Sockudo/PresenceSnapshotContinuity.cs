namespace Apinator.Sockudo;

/// <summary>What Sockudo still retains of the presence history a snapshot was rebuilt from.</summary>
/// <param name="StreamId">The presence history stream's id, when there is one.</param>
/// <param name="OldestAvailableSerial">The oldest serial still retained, when any event is.</param>
/// <param name="NewestAvailableSerial">The newest serial retained, when any event is.</param>
/// <param name="OldestAvailablePublishedAtMs">When the oldest retained event happened, Unix milliseconds.</param>
/// <param name="NewestAvailablePublishedAtMs">When the newest retained event happened, Unix milliseconds.</param>
/// <param name="RetainedEvents">How many events are retained.</param>
/// <param name="RetainedBytes">How many bytes the retained events take.</param>
/// <param name="Complete">Whether the replay saw every event up to the snapshot point, none lost to retention.</param>
/// <param name="TruncatedByRetention">Whether retention dropped older events, so members who joined before them may be missing.</param>
public sealed record PresenceSnapshotContinuity(
    string? StreamId,
    long? OldestAvailableSerial,
    long? NewestAvailableSerial,
    long? OldestAvailablePublishedAtMs,
    long? NewestAvailablePublishedAtMs,
    long RetainedEvents,
    long RetainedBytes,
    bool Complete,
    bool TruncatedByRetention);
