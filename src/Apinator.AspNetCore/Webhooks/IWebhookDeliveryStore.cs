namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Where the webhook endpoint records which deliveries it has taken on, so that a delivery sent
/// twice (a retry, a replay, or the same delivery reaching two instances behind a load balancer)
/// is handled once. Shared by every instance of the app: the in-memory default only de-duplicates
/// within one process; <c>UseRedisDeliveryStore</c> (package Apinator.AspNetCore.Redis) across many.
/// </summary>
/// <remarks>
/// <para>
/// A key is in one of two states. <em>In progress</em>: claimed by one attempt, owned by the token
/// the claim returned, for a short lease (<see cref="ApinatorWebhookOptions.HandlerLease"/>); if the
/// attempt neither completes nor releases it (its instance died), the lease lapses and the next
/// attempt claims the key. While its handler runs, the attempt renews the lease every third of it
/// (<see cref="RenewAsync"/>), so a slow handler keeps its claim and a dead one lets go within a
/// lease. <em>Done</em>: handled, and remembered for the replay window. Every
/// operation on one key must be atomic across all the instances sharing the store.
/// </para>
/// <para>
/// Keys are derived from what the service signed and are namespaced (<c>apinator:webhook:…</c>).
/// Per-event progress of a multi-event delivery is kept the same way under <c>{key}:{eventIndex}</c>.
/// A store that cannot be reached should throw: the endpoint then answers 503 (or, with
/// <see cref="ApinatorWebhookOptions.ProcessWhenStoreUnavailable"/>, handles the delivery without
/// de-duplication).
/// </para>
/// </remarks>
public interface IWebhookDeliveryStore
{
    /// <summary>
    /// Atomically claims <paramref name="key"/> for <paramref name="lease"/> under a new owner token
    /// when it is free (absent, released, or its lease lapsed); otherwise says what holds it.
    /// </summary>
    /// <param name="key">The delivery's (or one event's) key.</param>
    /// <param name="lease">How long the claim lasts unless completed or released: longer than handling takes.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>
    /// <see cref="DeliveryClaim.Claimed"/> with the owner token (go ahead), <see cref="DeliveryClaim.InProgress"/>
    /// (another attempt holds it: try later) or <see cref="DeliveryClaim.Done"/> (handled already: skip).
    /// </returns>
    ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="key"/> done for <paramref name="retention"/>, after its handler succeeded.
    /// Done whoever holds the key by then: the work was done, so a later claim must not repeat it.
    /// </summary>
    /// <param name="key">The key claimed earlier.</param>
    /// <param name="token">The owner token of that claim.</param>
    /// <param name="retention">How long the key is remembered as done: as long as the delivery could be accepted again.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>
    /// True when <paramref name="token"/> still held the claim; false when its lease had lapsed
    /// meanwhile (so another attempt may have claimed the key and handled it too).
    /// </returns>
    ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>
    /// Extends a claim while its handler runs: the key stays in progress for <paramref name="lease"/>
    /// from now, but only while <paramref name="token"/> still owns an unexpired claim on it. A key
    /// whose claim lapsed (and may have been claimed by another attempt), was released, or is done is
    /// left untouched. Called every third of the lease for as long as the handler runs.
    /// </summary>
    /// <param name="key">The key claimed earlier.</param>
    /// <param name="token">The owner token of that claim.</param>
    /// <param name="lease">How long from now the claim lasts unless renewed, completed or released.</param>
    /// <param name="cancellationToken">Cancelled when handling ends (the renewal is then no longer needed).</param>
    /// <returns>
    /// True when the claim was extended; false when <paramref name="token"/> no longer owns the key (its
    /// lease lapsed first, it was released, or the key is done), so the handler no longer holds the delivery.
    /// </returns>
    ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up a claim after a failed handler, so that the next delivery of the key is handled; only
    /// while <paramref name="token"/> still owns it: a claim taken over after this one's lease lapsed,
    /// or a key marked done, is left alone.
    /// </summary>
    /// <param name="key">The key claimed earlier.</param>
    /// <param name="token">The owner token of that claim.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the claim is given up (or found not to be this token's).</returns>
    ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken);
}
