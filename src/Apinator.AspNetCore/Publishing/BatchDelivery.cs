using System.Net;
using Apinator.Rest;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// Sends one lane's batch until the service takes it, or gives its events up and reports them. It
/// returns only when the batch is done, so the lane's later events wait behind a retried batch.
/// </summary>
internal sealed class BatchDelivery(IApinator apinator, IPublishQueueStore store, PublishQueueOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The first back-off; doubled per try up to <see cref="PublishQueueOptions.MaxRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    public async Task SendAsync(int lane, List<QueuedEvent> batch, CancellationToken stopping)
    {
        var attempt = 0;
        while (true)
        {
            await GiveUpTooOldAsync(lane, batch).ConfigureAwait(false);
            if (batch.Count == 0) return;

            var events = new BatchEvent[batch.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = batch[i].Event;
                batch[i].Attempts++;
            }

            Exception failure;
            try
            {
                await apinator.TriggerBatchAsync(events, stopping).ConfigureAwait(false);
                QueueDiagnostics.BatchSent(events.Length);
                store.Release(lane, batch.Count, null);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await GiveUpAsync(lane, batch, PublishFailureReason.ShutDown, null).ConfigureAwait(false);
                return;
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Sockudo skips an event whose key it has seen: only then may an unread answer be retried.
            var verdict = Classify(failure);
            if (verdict == Verdict.Refused || (verdict == Verdict.MayHavePublished && !Array.TrueForAll(events, static e => e.IdempotencyKey is not null)))
            {
                await GiveUpAsync(lane, batch, verdict == Verdict.Refused ? PublishFailureReason.Refused : PublishFailureReason.OutcomeUnknown, failure).ConfigureAwait(false);
                return;
            }

            attempt++;
            var delay = (failure as ApinatorException)?.RetryAfter ?? Backoff(attempt);
            QueueDiagnostics.Retried(failure);
            QueueDiagnostics.LogRetry(logger, QueueDiagnostics.ErrorType(failure), batch.Count, delay.TotalMilliseconds, attempt);
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await GiveUpAsync(lane, batch, PublishFailureReason.ShutDown, failure).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Gives up every event of the batch (emptied), reporting each.</summary>
    public async Task GiveUpAsync(int lane, List<QueuedEvent> batch, PublishFailureReason reason, Exception? failure)
    {
        foreach (var e in batch) await ReportAsync(e, reason, failure).ConfigureAwait(false);
        store.Release(lane, batch.Count, null);
        batch.Clear();
    }

    private async Task GiveUpTooOldAsync(int lane, List<QueuedEvent> batch)
    {
        var oldestAllowed = time.GetUtcNow() - options.MaxEventAge;
        var tooOld = 0;
        while (tooOld < batch.Count && batch[tooOld].EnqueuedAt < oldestAllowed) tooOld++;
        if (tooOld == 0) return;

        // Events are in acceptance order, so the too old ones lead the batch.
        for (var i = 0; i < tooOld; i++) await ReportAsync(batch[i], PublishFailureReason.TooOld, null).ConfigureAwait(false);
        batch.RemoveRange(0, tooOld);
        store.Release(lane, tooOld, batch.Count > 0 ? batch[0].EnqueuedAt : null);
    }

    private async Task ReportAsync(QueuedEvent e, PublishFailureReason reason, Exception? failure)
    {
        var report = new PublishFailure(e.Event, reason, e.EnqueuedAt, e.Attempts, failure);
        QueueDiagnostics.EventGivenUp(reason);
        QueueDiagnostics.LogGivenUp(logger, e.Event.Name, QueueDiagnostics.ReasonName(reason), report.StatusCode, e.Attempts, (time.GetUtcNow() - e.EnqueuedAt).TotalMilliseconds, failure);
        if (options.OnGivenUp is not { } hook) return;
        try
        {
            // Not the stopping token: a report made at shutdown must still run.
            await hook(report, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception hookFailure)
        {
            QueueDiagnostics.LogHookFailed(logger, hookFailure);
        }
    }

    /// <summary>Exponential, with jitter in its upper half, so lanes retrying together spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxRetryDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 20));
        return TimeSpan.FromTicks((ceiling / 2) + Random.Shared.NextInt64((ceiling / 2) + 1));
    }

    internal static Verdict Classify(Exception failure) => failure switch
    {
        // Not acted on: the service said so (429, 503) or no connection was made.
        ApinatorException { StatusCode: (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable } => Verdict.Unavailable,
        ApinatorNetworkException { StatusCode: 0, InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => Verdict.Unavailable,
        ApinatorException { StatusCode: >= 400 and < 500 } => Verdict.Refused,
        // Checked locally (StatusCode 0) or not offered: sending again changes nothing.
        ApinatorValidationException or ApinatorUnsupportedException or ApinatorConfigurationException => Verdict.Refused,
        _ => Verdict.MayHavePublished,
    };

    internal enum Verdict
    {
        Unavailable,
        Refused,
        MayHavePublished,
    }
}
