namespace Apinator.Sockudo;

/// <summary>The serial and time bounds a Sockudo history page was read with (<c>bounds</c>), inclusive; null where the query set none.</summary>
/// <param name="StartSerial">The lowest serial asked for (<c>start_serial</c>).</param>
/// <param name="EndSerial">The highest serial asked for (<c>end_serial</c>).</param>
/// <param name="StartTimeMs">The earliest publish time asked for, Unix milliseconds (<c>start_time_ms</c>).</param>
/// <param name="EndTimeMs">The latest publish time asked for, Unix milliseconds (<c>end_time_ms</c>).</param>
public sealed record HistoryBounds(long? StartSerial, long? EndSerial, long? StartTimeMs, long? EndTimeMs);
