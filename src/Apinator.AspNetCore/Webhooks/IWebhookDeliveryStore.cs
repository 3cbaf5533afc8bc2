namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Where the webhook endpoint records which deliveries it has taken on, so that a delivery sent
/// twice (a retry, a replay, or the same delivery reaching two instances behind a load balancer)
/// is handled once. Shared by every instance of the app: the in-memory default only de-duplicates
/// within one process; <c>UseRedisDeliveryStore</c> (package Apinator.AspNetCore.Redis) across many.
/// </summary>
/// <remarks>
/// Keys are derived from what the service signed and are namespaced (<c>apinator:webhook:…</c>).
/// Per-event progress of a multi-event delivery is kept with the same claim under
/// <c>{key}:{eventIndex}</c>. A store that cannot be reached should throw: the endpoint then answers
/// 503 (or, with <see cref="ApinatorWebhookOptions.ProcessWhenStoreUnavailable"/>, handles the
/// delivery without de-duplication).
/// </remarks>
public interface IWebhookDeliveryStore
{
    /// <summary>
    /// Atomically records <paramref name="key"/> unless it is already recorded (set-if-absent).
    /// </summary>
    /// <param name="key">The delivery's (or one event's) key.</param>
    /// <param name="ttl">How long the record lasts: as long as the delivery could be accepted again.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>True when this call recorded it (go ahead); false when it was already recorded (skip).</returns>
    ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="key"/>, so that the next delivery of it is handled (after a failed handler).</summary>
    /// <param name="key">The key claimed earlier.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the key is forgotten.</returns>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
