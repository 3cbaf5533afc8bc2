namespace Apinator.Sockudo;

/// <summary>
/// Which point of a presence channel's history to rebuild the membership at. Both bounds are
/// optional, inclusive and may be combined; with neither, the snapshot replays every retained event.
/// </summary>
public sealed record PresenceSnapshotQuery
{
    /// <summary>Replay events up to and including this presence history serial (<c>at_serial</c>); not negative.</summary>
    public long? AtSerial { get; init; }

    /// <summary>Replay events published up to and including this time, Unix milliseconds (<c>at_time_ms</c>); not negative.</summary>
    public long? AtTimeMs { get; init; }
}
