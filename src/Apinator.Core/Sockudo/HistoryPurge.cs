namespace Apinator.Sockudo;

/// <summary>
/// What to purge from a channel's Sockudo history. With neither bound everything goes (mode
/// <c>all</c>); with <see cref="BeforeSerial"/> or <see cref="BeforeTimeMs"/> (not both) only older messages.
/// </summary>
/// <param name="Reason">Why, recorded by Sockudo; required.</param>
public sealed record HistoryPurge(string Reason)
{
    /// <summary>Purge messages with a serial below this (mode <c>before_serial</c>).</summary>
    public long? BeforeSerial { get; init; }

    /// <summary>Purge messages published before this Unix time in milliseconds (mode <c>before_time_ms</c>).</summary>
    public long? BeforeTimeMs { get; init; }

    /// <summary>Who asked, recorded by Sockudo.</summary>
    public string? RequestedBy { get; init; }
}
