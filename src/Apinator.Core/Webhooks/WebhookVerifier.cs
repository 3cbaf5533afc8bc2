using Apinator.Dialects;
using Apinator.Signing;

namespace Apinator.Webhooks;

/// <summary>
/// Verifies that a webhook delivery comes from the service: the signature over exactly what the
/// service signed (in constant time), the app key where the scheme carries one and, with
/// <see cref="MaxAge"/>, its freshness; the scheme (headers, signed string, where the time is) is the
/// dialect's. The result carries the time the delivery states. Thread-safe; create one per app.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly ServiceDialect _dialect;
    private readonly HmacKey[] _secrets;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for the app described by <paramref name="options"/>.</summary>
    /// <param name="options">Uses <see cref="ApinatorOptions.Protocol"/>, <see cref="ApinatorOptions.Key"/> and
    /// <see cref="ApinatorOptions.WebhookSecret"/> (or <see cref="ApinatorOptions.Secret"/>) and, while secrets are rotated,
    /// <see cref="ApinatorOptions.PreviousWebhookSecrets"/>.</param>
    /// <param name="timeProvider">The clock for the age check; the system clock by default.</param>
    public WebhookVerifier(ApinatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = string.IsNullOrEmpty(options.WebhookSecret) ? options.Secret : options.WebhookSecret;
        if (string.IsNullOrEmpty(secret)) throw new ApinatorConfigurationException("Apinator:WebhookSecret or Apinator:Secret is required to verify webhooks.");
        _dialect = ServiceDialect.Of(options);
        Key = options.Key;
        var previous = options.PreviousWebhookSecrets ?? [];
        if (previous.Any(string.IsNullOrEmpty)) throw new ApinatorConfigurationException("Apinator:PreviousWebhookSecrets must not contain empty entries.");
        _secrets = [new HmacKey(secret), .. previous.Select(static s => new HmacKey(s))];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Oldest delivery accepted; null accepts any age. Apinator deliveries carry their time in
    /// <c>X-Realtime-Timestamp</c>; Pusher deliveries carry <c>time_ms</c> in the signed body.
    /// </summary>
    public TimeSpan? MaxAge { get; init; } = DefaultMaxAge;

    /// <summary>How far in the future a timestamp may be, for clocks that disagree. 30 seconds by default.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = DefaultAllowedClockSkew;

    /// <summary>The default replay window: 5 minutes.</summary>
    public static TimeSpan DefaultMaxAge { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The default allowance for a sender's clock ahead of ours: 30 seconds.</summary>
    public static TimeSpan DefaultAllowedClockSkew { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The app key a delivery must name, where the scheme carries one.</summary>
    internal string Key { get; }

    /// <summary>Verifies a delivery.</summary>
    /// <param name="getHeader">Looks a header up by name (case-insensitively), null when absent.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <returns>
    /// Whether it is genuine and, if not, why; when genuine, <see cref="WebhookVerificationResult.SentAt"/>
    /// is the time it states. A time that is present but unusable (not a number, negative, past
    /// what a date holds) is <see cref="WebhookVerificationFailure.Malformed"/>, whether or not an age is enforced.
    /// </returns>
    public WebhookVerificationResult Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        var result = _dialect.VerifySignature(this, getHeader, body, timeRequired: MaxAge is not null);
        return result.IsValid ? CheckAge(result) : result;
    }

    /// <summary>Verifies a delivery whose headers are in a dictionary (looked up case-insensitively).</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <returns>Whether it is genuine and, if not, why.</returns>
    public WebhookVerificationResult Verify(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in headers) lookup[pair.Key] = pair.Value;
        return Verify(name => lookup.GetValueOrDefault(name), body);
    }

    /// <summary>
    /// Tries every accepted secret, each comparison in constant time, and never stops at the first
    /// match: the time taken does not tell which secret (current or previous) signed the delivery.
    /// </summary>
    internal bool MatchesAny(ReadOnlySpan<byte> data, ReadOnlySpan<char> receivedHex)
    {
        var matches = false;
        foreach (var secret in _secrets) matches |= secret.Matches(data, receivedHex);
        return matches;
    }

    private WebhookVerificationResult CheckAge(WebhookVerificationResult genuine)
    {
        // A dialect answers a genuine delivery without a time only when no age is enforced.
        if (MaxAge is not { } maxAge || genuine.SentAt is not { } sentAt) return genuine;
        var age = _time.GetUtcNow() - sentAt;
        if (age > maxAge) return Fail(WebhookVerificationFailure.Expired, $"The webhook is {age.TotalSeconds:0} s old; at most {maxAge.TotalSeconds:0} s are accepted.");
        if (-age > AllowedClockSkew) return Fail(WebhookVerificationFailure.FromTheFuture, $"The webhook is dated {-age.TotalSeconds:0} s in the future.");
        return genuine;
    }

    private static WebhookVerificationResult Fail(WebhookVerificationFailure failure, string message) => new(failure, message);
}
