using System.Diagnostics.CodeAnalysis;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>The state <see cref="IWebhookDeliveryStore.TryClaimAsync"/> found a key in.</summary>
public enum DeliveryClaimStatus
{
    /// <summary>
    /// The key was free (never seen, released, or its lease lapsed) and this attempt now holds it for
    /// its lease: handle the delivery (renewing the lease meanwhile), then complete or release the claim with its token.
    /// </summary>
    Claimed,

    /// <summary>
    /// Another attempt holds the key and its lease has not lapsed: the delivery is being handled
    /// right now, or was by an instance that stopped, whose claim lapses with its lease. Try later.
    /// </summary>
    InProgress,

    /// <summary>The key was handled and completed, and is remembered for the replay window: do not handle it again.</summary>
    Done,
}
