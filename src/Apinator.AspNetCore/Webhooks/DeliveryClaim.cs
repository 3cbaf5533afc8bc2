using System.Diagnostics.CodeAnalysis;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// What <see cref="IWebhookDeliveryStore.TryClaimAsync"/> answered: the key's state and, when this
/// attempt claimed it, the token that owns the claim.
/// </summary>
public sealed class DeliveryClaim
{
    private DeliveryClaim(DeliveryClaimStatus status, string? token)
    {
        Status = status;
        Token = token;
    }

    /// <summary>Another attempt holds an unexpired lease on the key.</summary>
    public static DeliveryClaim InProgress { get; } = new(DeliveryClaimStatus.InProgress, null);

    /// <summary>The key was handled already.</summary>
    public static DeliveryClaim Done { get; } = new(DeliveryClaimStatus.Done, null);

    /// <summary>The key's state.</summary>
    public DeliveryClaimStatus Status { get; }

    /// <summary>
    /// The claim's owner token when <see cref="Status"/> is <see cref="DeliveryClaimStatus.Claimed"/>
    /// (null otherwise): unique to this attempt, and passed back to
    /// <see cref="IWebhookDeliveryStore.RenewAsync"/>, <see cref="IWebhookDeliveryStore.CompleteAsync"/> and
    /// <see cref="IWebhookDeliveryStore.ReleaseAsync"/>.
    /// </summary>
    public string? Token { get; }

    /// <summary>Whether this attempt holds the key (and <see cref="Token"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Token))]
    public bool IsClaimed => Status == DeliveryClaimStatus.Claimed;

    /// <summary>This attempt now holds the key under <paramref name="token"/>.</summary>
    /// <param name="token">The owner token the store recorded with the claim; unique to this attempt.</param>
    /// <returns>The claim.</returns>
    public static DeliveryClaim Claimed(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new DeliveryClaim(DeliveryClaimStatus.Claimed, token);
    }

    /// <summary>The status; the token is left out of logs.</summary>
    /// <returns>The status's name.</returns>
    public override string ToString() => Status.ToString();
}
