using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Endpoints;

/// <summary>
/// The webhook endpoint's side of the <see cref="IWebhookDeliveryStore"/>: claims (and renews) for
/// <see cref="ApinatorWebhookOptions.HandlerLease"/>, completes for the replay window, releases.
/// A store that cannot be reached is logged here and never thrown into the endpoint.
/// </summary>
internal sealed class DeliveryClaims(IWebhookDeliveryStore store, ApinatorWebhookOptions options, ILogger logger)
{
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

    /// <summary>Marks a handled key done for the replay window; false when the claim had lapsed meanwhile.</summary>
    public async ValueTask<bool> CompleteAsync(string key, string token)
    {
        try
        {
            // Not the request's token: the handler has run, so an aborted request must still record it.
            return await store.CompleteAsync(key, token, options.ClaimTimeToLive, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim then lapses after its lease, and a copy arriving after that is handled again.
            WebhookLog.CompleteFailed(logger, e, _storeName);
            return true;
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
