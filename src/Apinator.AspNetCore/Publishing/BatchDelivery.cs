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

    /// <summary>Set once the service answered a batch call 404: it does not offer one, so events go one call each, in order.</summary>
    private volatile bool _oneByOne;

    public async Task SendAsync(int lane, List<QueuedEvent> batch, CancellationToken stopping)
    {
        if (!_oneByOne && await TrySendAsync(lane, batch, null, stopping).ConfigureAwait(false)) return;

        // Lanes still send side by side: the concurrent calls a service without a batch call allows.
        var one = new List<QueuedEvent>(1);
        for (var i = 0; i < batch.Count; i++)
        {
            one.Add(batch[i]);
            await TrySendAsync(lane, one, i + 1 < batch.Count ? batch[i + 1].EnqueuedAt : null, stopping).ConfigureAwait(false);
            one.Clear();
        }

        batch.Clear();
    }

    /// <summary>
    /// Sends until the service takes the events or they are given up (true); false, with nothing
    /// released, when the service turns out to offer no batch call or refused the batch as a whole:
    /// its events are then sent one by one.
    /// </summary>
    private async Task<bool> TrySendAsync(int lane, List<QueuedEvent> batch, DateTimeOffset? oldestAfter, CancellationToken stopping)
    {
        var attempt = 0;
        while (true)
        {
            await GiveUpTooOldAsync(lane, batch, oldestAfter).ConfigureAwait(false);
            if (batch.Count == 0) return true;

            var events = new BatchEvent[batch.Count];
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = batch[i].Event;
                batch[i].Attempts++;
            }

            Exception failure;
            try
            {
                await (_oneByOne ? (Task)apinator.TriggerAsync(events[0].Channel, events[0].Name, events[0].Data, AsOptions(events[0]), stopping) : apinator.TriggerBatchAsync(events, stopping)).ConfigureAwait(false);
                QueueDiagnostics.BatchSent(events.Length);
                await store.ReleaseAsync(lane, batch.Count, oldestAfter).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await GiveUpAsync(lane, batch, PublishFailureReason.ShutDown, null, oldestAfter).ConfigureAwait(false);
                return true;
            }
            catch (ApinatorApiException e) when (!_oneByOne && e is { StatusCode: (int)HttpStatusCode.NotFound } and not ApinatorNetworkException)
            {
                _oneByOne = true;
                foreach (var queued in batch) queued.Attempts--;
                return false;
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Sockudo skips an event whose key it has seen: only then may an unread answer be retried.
            var verdict = Classify(failure);
            if (verdict == Verdict.Refused && batch.Count > 1 && Divisible(failure))
            {
                // One bad event (400) or a batch over the service's size limit (413) refuses the whole
                // call: each event goes again on its own, in order, so only what is refused is given up.
                QueueDiagnostics.LogBatchSplit(logger, batch.Count, (failure as ApinatorException)?.StatusCode ?? 0);
                return false;
            }

            if (verdict == Verdict.Refused || (verdict == Verdict.MayHavePublished && !Array.TrueForAll(events, static e => e.IdempotencyKey is not null)))
            {
                await GiveUpAsync(lane, batch, verdict == Verdict.Refused ? PublishFailureReason.Refused : PublishFailureReason.OutcomeUnknown, failure, oldestAfter).ConfigureAwait(false);
                return true;
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
                await GiveUpAsync(lane, batch, PublishFailureReason.ShutDown, failure, oldestAfter).ConfigureAwait(false);
                return true;
            }
        }
    }

    private static TriggerOptions AsOptions(BatchEvent e) => new() { SocketId = e.SocketId, IdempotencyKey = e.IdempotencyKey, Tags = e.Tags, Extras = e.Extras };

    /// <summary>Gives up every event of the batch (emptied), reporting each.</summary>
    public async Task GiveUpAsync(int lane, List<QueuedEvent> batch, PublishFailureReason reason, Exception? failure, DateTimeOffset? oldestAfter = null)
    {
        if (reason == PublishFailureReason.ShutDown && store.KeepsEventsOnStop)
        {
            // Still in the durable store, unacknowledged: the next sender (here or on another instance) sends them.
            batch.Clear();
            return;
        }

        foreach (var e in batch) await ReportAsync(e, reason, failure).ConfigureAwait(false);
        await store.ReleaseAsync(lane, batch.Count, oldestAfter).ConfigureAwait(false);
        batch.Clear();
    }

    private async Task GiveUpTooOldAsync(int lane, List<QueuedEvent> batch, DateTimeOffset? oldestAfter)
    {
        var oldestAllowed = time.GetUtcNow() - options.MaxEventAge;
        var tooOld = 0;
        while (tooOld < batch.Count && batch[tooOld].EnqueuedAt < oldestAllowed) tooOld++;
        if (tooOld == 0) return;

        // Events are in acceptance order, so the too old ones lead the batch.
        for (var i = 0; i < tooOld; i++) await ReportAsync(batch[i], PublishFailureReason.TooOld, null).ConfigureAwait(false);
        batch.RemoveRange(0, tooOld);
        await store.ReleaseAsync(lane, tooOld, batch.Count > 0 ? batch[0].EnqueuedAt : oldestAfter).ConfigureAwait(false);
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

    /// <summary>
    /// Whether a refused batch may hold events the service would take on their own: a 4xx answer about
    /// the call (a local check has no status). Not credentials refused (401, 403:
    /// <see cref="ApinatorAuthenticationException"/>), which every event would meet again.
    /// </summary>
    private static bool Divisible(Exception failure) =>
        failure is ApinatorException { StatusCode: >= 400 and < 500 } and not (ApinatorAuthenticationException or ApinatorNetworkException);

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
