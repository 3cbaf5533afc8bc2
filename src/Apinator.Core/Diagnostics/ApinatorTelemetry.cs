namespace Apinator.Diagnostics;

/// <summary>
/// The names under which the library traces and measures what it does, for
/// <c>AddOpenTelemetry().WithTracing(t => t.AddSource(ApinatorTelemetry.Name)).WithMetrics(m => m.AddMeter(ApinatorTelemetry.Name))</c>.
/// No tag ever carries a secret, a socket id, a channel name or user data.
/// </summary>
public static class ApinatorTelemetry
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Apinator</c>.</summary>
    public const string Name = "Apinator";

    /// <summary>The version the source and meter report: the library's assembly version.</summary>
    public static string Version { get; } = typeof(ApinatorTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The library's span source (<see cref="Name"/>); the client and the ASP.NET Core endpoints both start their spans here.</summary>
    public static System.Diagnostics.ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The library's meter (<see cref="Name"/>); the client and the ASP.NET Core endpoints both create their instruments here.</summary>
    public static System.Diagnostics.Metrics.Meter Meter { get; } = new(Name, Version);
}
