using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Apinator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Publishing;

/// <summary>The publish queue's instruments on the <c>Apinator</c> meter and its log events. No tag carries a channel name or data.</summary>
internal static partial class QueueDiagnostics
{
    private static readonly ConcurrentDictionary<IPublishQueueStore, TimeProvider> Live = new();
    private static readonly Counter<long> Batches = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.queue.batches.sent", "{batch}", "Batch calls the publish queue had accepted by the service.");
    private static readonly Counter<long> Sent = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.queue.events.sent", "{event}", "Queued events the service accepted.");
    private static readonly Counter<long> Retries = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.queue.retries", "{retry}", "Batches sent again after the service was unavailable, by error type.");
    private static readonly Counter<long> GivenUp = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.queue.events.given_up", "{event}", "Queued events given up, by reason.");

    static QueueDiagnostics()
    {
        ApinatorTelemetry.Meter.CreateObservableGauge("apinator.queue.depth", static () => Live.Keys.Sum(static s => (long)s.Count), "{event}", "Events waiting in the publish queue or being sent.");
        ApinatorTelemetry.Meter.CreateObservableGauge("apinator.queue.oldest_age", static () => Live.IsEmpty ? 0 : Live.Max(static p => AgeSeconds(p.Key, p.Value)), "s", "Age of the oldest event waiting in the publish queue.");
    }

    /// <summary>Lets the gauges see a running queue.</summary>
    public static void Started(IPublishQueueStore store, TimeProvider time) => Live[store] = time;

    /// <summary>Stops the gauges seeing a queue.</summary>
    public static void Stopped(IPublishQueueStore store) => Live.TryRemove(store, out _);

    public static double AgeSeconds(IPublishQueueStore store, TimeProvider time) =>
        store.OldestEnqueuedAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0;

    public static void BatchSent(int events)
    {
        Batches.Add(1);
        Sent.Add(events);
    }

    public static void Retried(Exception failure) => Retries.Add(1, new KeyValuePair<string, object?>("error.type", ErrorType(failure)));

    public static void EventGivenUp(PublishFailureReason reason) => GivenUp.Add(1, new KeyValuePair<string, object?>("apinator.queue.reason", ReasonName(reason)));

    public static string ReasonName(PublishFailureReason reason) => reason switch
    {
        PublishFailureReason.Refused => "refused",
        PublishFailureReason.TooOld => "too_old",
        PublishFailureReason.OutcomeUnknown => "outcome_unknown",
        _ => "shut_down",
    };

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Apinator publish queue: the service is unavailable ({ErrorType}); {Events} events sent again in {DelayMs:0} ms (try {Attempt})")]
    public static partial void LogRetry(ILogger logger, string errorType, int events, double delayMs, int attempt);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Apinator publish queue gave up event {EventName} ({Reason}, status {StatusCode}, after {Attempts} tries, accepted {AgeMs:0} ms ago)")]
    public static partial void LogGivenUp(ILogger logger, string eventName, string reason, int statusCode, int attempts, double ageMs, Exception? exception);

    [LoggerMessage(EventId = 48, Level = LogLevel.Warning, Message = "Apinator publish queue: a batch of {Events} events was refused ({StatusCode}); its events are sent again one by one, so only those refused are given up")]
    public static partial void LogBatchSplit(ILogger logger, int events, int statusCode);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Apinator publish queue: the OnGivenUp hook threw")]
    public static partial void LogHookFailed(ILogger logger, Exception exception);

    /// <summary>The status the service answered, else the failure's type name, as the client's own metrics tag it.</summary>
    public static string ErrorType(Exception failure) =>
        failure is ApinatorException { StatusCode: > 0 } answered ? answered.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : failure.GetType().Name;
}
