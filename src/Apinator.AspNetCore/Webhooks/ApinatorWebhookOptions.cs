using Apinator.Webhooks;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>Settings of the webhook endpoint (configuration section <c>Apinator:Webhooks</c>), validated at start-up.</summary>
public sealed class ApinatorWebhookOptions
{
    /// <summary>
    /// Oldest delivery accepted, against replays: positive, at most a day. 5 minutes by default; null
    /// accepts any age (not recommended).
    /// </summary>
    public TimeSpan? MaxAge { get; set; } = WebhookVerifier.DefaultMaxAge;

    /// <summary>How far in the future a delivery's timestamp may be: 0 to an hour. 30 seconds by default.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = WebhookVerifier.DefaultAllowedClockSkew;

    /// <summary>Largest body accepted, in bytes (1 to 16 MiB); larger deliveries get 413. 256 KiB by default.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// What to do when the <see cref="IWebhookDeliveryStore"/> cannot be reached. False (the
    /// default) fails closed: the endpoint answers 503 with <c>Retry-After</c> and does not run the
    /// handler, so the service retries later and nothing is handled twice. True handles the delivery
    /// anyway, without de-duplication: nothing is lost, but a delivery may be handled more than once.
    /// </summary>
    public bool ProcessWhenStoreUnavailable { get; set; }

    /// <summary>
    /// How long a delivery is remembered when <see cref="MaxAge"/> is null (any age accepted): a
    /// positive time, at most 30 days; one day by default. With a max age, deliveries are remembered
    /// for the max age plus <see cref="AllowedClockSkew"/>, after which they are refused as expired anyway.
    /// </summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long one attempt's claim on a delivery lasts unless renewed: 1 second to 1 hour, 1 minute
    /// by default. While the handler runs the claim is renewed every third of this, however long the
    /// handler takes, and a copy of the delivery (a retry, or the same delivery at another instance)
    /// is answered 503 with <c>Retry-After</c> rather than handled or acknowledged. When the instance
    /// dies mid-handler, renewals stop and its claim lapses within this long, so the next retry
    /// handles the delivery. Only when renewals fail (the store unreachable) for longer than this can
    /// a retry handle the delivery a second time; warnings are logged when they fail and when the
    /// claim is lost.
    /// </summary>
    public TimeSpan HandlerLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the store keeps a handled delivery's key: as long as the delivery would still be accepted.</summary>
    internal TimeSpan ClaimTimeToLive => MaxAge is { } maxAge ? maxAge + AllowedClockSkew : DeliveryRetention;
}
