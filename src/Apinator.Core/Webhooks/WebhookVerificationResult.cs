namespace Apinator.Webhooks;

/// <summary>The outcome of <see cref="WebhookVerifier.Verify(Func{string, string?}, ReadOnlySpan{byte})"/>.</summary>
/// <param name="Failure"><see cref="WebhookVerificationFailure.None"/> when the delivery is genuine.</param>
/// <param name="Message">Why it was refused, for a log line or problem detail; null when genuine. Never contains a secret.</param>
public readonly record struct WebhookVerificationResult(WebhookVerificationFailure Failure, string? Message)
{
    /// <summary>A genuine delivery.</summary>
    public static WebhookVerificationResult Valid => default;

    /// <summary>
    /// When the delivery says it was sent (Apinator's <c>X-Realtime-Timestamp</c>, Pusher's signed
    /// <c>time_ms</c>), read once by the verifier so the age check and the handlers share one rule;
    /// null when the delivery is refused, or states no time and no age is enforced.
    /// </summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Whether the delivery is genuine and fresh.</summary>
    public bool IsValid => Failure == WebhookVerificationFailure.None;
}
