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
}
