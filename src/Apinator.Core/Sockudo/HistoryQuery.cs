namespace Apinator.Sockudo;

/// <summary>Which part of a channel's Sockudo history to read. Every bound is optional and inclusive.</summary>
public sealed record HistoryQuery : PageQuery
{
    /// <summary>The lowest message serial to include (<c>start_serial</c>).</summary>
    public long? StartSerial { get; init; }

    /// <summary>The highest message serial to include (<c>end_serial</c>).</summary>
    public long? EndSerial { get; init; }

    /// <summary>The earliest publish time to include, Unix milliseconds (<c>start_time_ms</c>).</summary>
    public long? StartTimeMs { get; init; }

    /// <summary>The latest publish time to include, Unix milliseconds (<c>end_time_ms</c>).</summary>
    public long? EndTimeMs { get; init; }
}
