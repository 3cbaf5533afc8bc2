using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Apinator.Diagnostics;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// Listens to the library's <see cref="ActivitySource"/> and <see cref="Meter"/> as OpenTelemetry would,
/// recording every stopped span and every measurement with its tags.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly List<Activity> _activities = [];
    private readonly List<Measurement> _measurements = [];
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public TelemetryRecorder()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApinatorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_activities) _activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ApinatorTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.Start();
    }

    public IReadOnlyList<Activity> Activities
    {
        get { lock (_activities) return [.. _activities]; }
    }

    public IReadOnlyList<Measurement> Measurements
    {
        get { lock (_measurements) return [.. _measurements]; }
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        lock (_measurements) _measurements.Add(new(instrument.Name, Convert.ToDouble(value, CultureInfo.InvariantCulture), copy));
    }

    /// <summary>One measurement: the instrument, the value and its tags.</summary>
    public sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
