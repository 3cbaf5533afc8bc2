namespace Apinator.AspNetCore.Webhooks;

/// <summary>Settings of the webhook endpoint (configuration section <c>Apinator:Webhooks</c>).</summary>
public sealed class ApinatorWebhookOptions
{
    /// <summary>
    /// Oldest delivery accepted, against replays. 5 minutes by default; null accepts any age (not
    /// recommended).
    /// </summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a delivery's timestamp may be. 30 seconds by default.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, in bytes; larger deliveries get 413. 256 KiB by default.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}
