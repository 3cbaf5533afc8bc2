
namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Progress marks of a delivery of several events, so that a retry after a handler failed (or its
/// instance died) part-way skips the events already handled. A mark costs two store round trips
/// (claim, complete), so one is kept only where it pays: never for a single event (the delivery's
/// own claim covers it), and not for the last event of a delivery, which only the delivery's own
/// completion follows. The mark of the event being handled is renewed with the delivery's claim.
/// </summary>
internal sealed class EventMarks(DeliveryClaims claims, LeaseRenewal? renewal, bool processWhenStoreUnavailable, string deliveryKey, int count)
{
    /// <summary>What to do with an event.</summary>
    public enum Start
    {
        /// <summary>Handle it.</summary>
        Run,

        /// <summary>Handled by an earlier attempt.</summary>
        Skip,

        /// <summary>Another attempt holds it: stop, the delivery is retried.</summary>
        InProgress,

        /// <summary>The store could not be reached: stop, the delivery is retried.</summary>
        StoreUnavailable,
    }

    // Only a de-duplicated delivery (one whose claim is renewed) of several events is marked.
    private bool _marking = renewal is not null && count > 1;
    private (string Key, string Token)? _current;

    /// <summary>Claims the mark of event <paramref name="index"/>, where one pays.</summary>
    public async ValueTask<Start> BeginAsync(int index, CancellationToken cancellationToken)
    {
        if (!_marking || index == count - 1) return Start.Run;
        var key = DeliveryKey.ForEvent(deliveryKey, index);
        var claim = await claims.TryClaimAsync(key, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            if (!processWhenStoreUnavailable) return Start.StoreUnavailable;

            // Handled without de-duplication from here on, as the delivery would have been.
            _marking = false;
            return Start.Run;
        }

        if (claim.Status == DeliveryClaimStatus.Done) return Start.Skip;
        if (!claim.IsClaimed) return Start.InProgress;
        _current = (key, claim.Token);
        renewal!.Hold(key, claim.Token);
        return Start.Run;
    }

    /// <summary>Marks the event just handled done (one try: should it fail, its claim lapses and a retry waits that long).</summary>
    public async ValueTask EndAsync()
    {
        if (_current is not { } done) return;
        _current = null;
        renewal!.LetGo(done.Key);
        await claims.CompleteAsync(done.Key, done.Token, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Gives back the mark of an event whose handling did not finish, so the retry handles it.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (_current is not { } unfinished) return;
        _current = null;

        // Let go first: a renewal finding the mark released is then no loss to report.
        renewal!.LetGo(unfinished.Key);
        await claims.ReleaseAsync(unfinished.Key, unfinished.Token).ConfigureAwait(false);
    }
}
