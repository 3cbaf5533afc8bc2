using System.Globalization;
using System.Text.Json;
using Apinator.Buffers;
using Apinator.Signing;

namespace Apinator.Webhooks;

/// <summary>
/// Verifies that a webhook delivery comes from the service: the signature over the raw body (in
/// constant time), the app key (Pusher variant) and, with <see cref="MaxAge"/>, its freshness.
/// Thread-safe; create one per app.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly ApinatorProtocol _protocol;
    private readonly string _key;
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
        _protocol = options.Protocol;
        _key = options.Key;
        var previous = options.PreviousWebhookSecrets ?? [];
        if (previous.Any(string.IsNullOrEmpty)) throw new ApinatorConfigurationException("Apinator:PreviousWebhookSecrets must not contain empty entries.");
        _secrets = [new HmacKey(secret), .. previous.Select(static s => new HmacKey(s))];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Oldest delivery accepted; null accepts any age. Apinator deliveries carry
    /// <c>X-Realtime-Timestamp</c>; Pusher deliveries carry <c>time_ms</c> in the signed body.
    /// </summary>
    public TimeSpan? MaxAge { get; init; } = DefaultMaxAge;

    /// <summary>How far in the future a timestamp may be, for clocks that disagree. 30 seconds by default.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = DefaultAllowedClockSkew;

    /// <summary>The default replay window: 5 minutes.</summary>
    public static TimeSpan DefaultMaxAge { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The default allowance for a sender's clock ahead of ours: 30 seconds.</summary>
    public static TimeSpan DefaultAllowedClockSkew { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Verifies a delivery.</summary>
    /// <param name="getHeader">Looks a header up by name (case-insensitively), null when absent.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <returns>Whether it is genuine and, if not, why.</returns>
    public WebhookVerificationResult Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        return _protocol == ApinatorProtocol.Apinator ? VerifyApinator(getHeader, body) : VerifyPusher(getHeader, body);
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

    private WebhookVerificationResult VerifyApinator(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        var signature = getHeader("X-Realtime-Signature");
        var timestamp = getHeader("X-Realtime-Timestamp");
        if (string.IsNullOrEmpty(signature)) return Fail(WebhookVerificationFailure.MissingHeader, "The X-Realtime-Signature header is missing.");
        if (string.IsNullOrEmpty(timestamp)) return Fail(WebhookVerificationFailure.MissingHeader, "The X-Realtime-Timestamp header is missing.");

        var hex = signature.AsSpan().Trim();
        if (hex.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) hex = hex[7..];

        var signed = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        bool matches;
        try
        {
            signed.AppendUtf8(timestamp);
            signed.Append((byte)'.');
            signed.Append(body);
            matches = MatchesAny(signed.Written, hex);
        }
        finally
        {
            signed.Dispose();
        }

        if (!matches) return Fail(WebhookVerificationFailure.BadSignature, "The webhook signature does not match the body (tampered with, or signed with another secret).");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Fail(WebhookVerificationFailure.Malformed, "The X-Realtime-Timestamp header is not Unix seconds.");
        }

        return CheckAge(seconds * 1000);
    }

    private WebhookVerificationResult VerifyPusher(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        var key = getHeader("X-Pusher-Key");
        var signature = getHeader("X-Pusher-Signature");
        if (string.IsNullOrEmpty(key)) return Fail(WebhookVerificationFailure.MissingHeader, "The X-Pusher-Key header is missing.");
        if (string.IsNullOrEmpty(signature)) return Fail(WebhookVerificationFailure.MissingHeader, "The X-Pusher-Signature header is missing.");

        // The key is public; an ordinary comparison reveals nothing worth protecting.
        if (!string.Equals(key, _key, StringComparison.Ordinal)) return Fail(WebhookVerificationFailure.WrongKey, "The webhook is for another app key.");
        if (!MatchesAny(body, signature.AsSpan().Trim()))
        {
            return Fail(WebhookVerificationFailure.BadSignature, "The webhook signature does not match the body (tampered with, or signed with another secret).");
        }

        if (MaxAge is null) return WebhookVerificationResult.Valid;

        // Pusher puts no timestamp in a header; the signed body's time_ms is the replay window.
        long? timeMs;
        try
        {
            timeMs = ReadTimeMs(body);
        }
        catch (JsonException)
        {
            return Fail(WebhookVerificationFailure.Malformed, "The webhook body is not valid JSON.");
        }

        return timeMs is { } ms ? CheckAge(ms) : Fail(WebhookVerificationFailure.Malformed, "The webhook body has no time_ms, so its age cannot be checked.");
    }

    /// <summary>
    /// Tries every accepted secret, each comparison in constant time, and never stops at the first
    /// match: the time taken does not tell which secret (current or previous) signed the delivery.
    /// </summary>
    private bool MatchesAny(ReadOnlySpan<byte> data, ReadOnlySpan<char> receivedHex)
    {
        var matches = false;
        foreach (var secret in _secrets) matches |= secret.Matches(data, receivedHex);
        return matches;
    }

    private WebhookVerificationResult CheckAge(long unixMilliseconds)
    {
        if (MaxAge is not { } maxAge) return WebhookVerificationResult.Valid;
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMilliseconds, 0, 253_402_300_799_000));
        if (age > maxAge) return Fail(WebhookVerificationFailure.Expired, $"The webhook is {age.TotalSeconds:0} s old; at most {maxAge.TotalSeconds:0} s are accepted.");
        if (-age > AllowedClockSkew) return Fail(WebhookVerificationFailure.FromTheFuture, $"The webhook is dated {-age.TotalSeconds:0} s in the future.");
        return WebhookVerificationResult.Valid;
    }

    private static long? ReadTimeMs(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTime = reader.ValueTextEquals("time_ms"u8);
            reader.Read();
            if (isTime && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms)) return ms;
            reader.Skip();
        }

        return null;
    }

    private static WebhookVerificationResult Fail(WebhookVerificationFailure failure, string message) => new(failure, message);
}
