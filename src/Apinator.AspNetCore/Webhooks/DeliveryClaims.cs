using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The webhook endpoint's side of the <see cref="IWebhookDeliveryStore"/>: claims (and renews) for
/// <see cref="ApinatorWebhookOptions.HandlerLease"/>, completes for the replay window, releases.
/// A store that cannot be reached is logged here and never thrown into the endpoint.
/// </summary>
internal sealed class DeliveryClaims(IWebhookDeliveryStore store, ApinatorWebhookOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The first pause before a failed completion is tried again; each next one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly string _storeName = store.GetType().Name;

    /// <summary>The key's claim, or null when the store could not be reached (logged).</summary>
    public async ValueTask<DeliveryClaim?> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await store.TryClaimAsync(key, options.HandlerLease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.StoreUnavailable(logger, e, _storeName, options.ProcessWhenStoreUnavailable);
            return null;
        }
    }

    /// <summary>
    /// Extends a claim this attempt owns by another lease: true when extended, false when the claim
    /// was lost (its lease lapsed first), null when the store could not be reached (logged).
    /// </summary>
    public async ValueTask<bool?> RenewAsync(string key, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await store.RenewAsync(key, token, options.HandlerLease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next renewal tries again; the claim holds until its lease lapses.
            WebhookLog.RenewFailed(logger, e, _storeName);
            return null;
        }
    }

    /// <summary>
    /// Marks a handled key done for the replay window: true when recorded, false when recorded but
    /// the claim had lapsed meanwhile, null when the store could not record it. A store that cannot be
    /// reached is tried again, pausing longer each time, for at most <paramref name="patience"/> and
    /// until <paramref name="cancellationToken"/> is cancelled (zero: one try). Never reports success it
    /// did not get: the claim would lapse and a replay would run the handler again.
    /// </summary>
    public async ValueTask<bool?> CompleteAsync(string key, string token, TimeSpan patience, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not the request's token: the handler has run, so an aborted request must still record it.
                return await store.CompleteAsync(key, token, options.ClaimTimeToLive, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (attempt == 1) WebhookLog.CompleteFailed(logger, e, _storeName);
            }

            if (cancellationToken.IsCancellationRequested || time.GetElapsedTime(started) + delay > patience) return null;
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    /// <summary>Gives up a claim this attempt still owns, so the retry is handled.</summary>
    public async ValueTask ReleaseAsync(string key, string token)
    {
        try
        {
            // Not the request's token: an aborted request must still give its claim back.
            await store.ReleaseAsync(key, token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim then lapses after its lease; retries until then are answered 503.
            WebhookLog.ReleaseFailed(logger, e, _storeName);
        }
    }
}
