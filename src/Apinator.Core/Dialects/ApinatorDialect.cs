using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apinator.Buffers;
using Apinator.Signing;
using Apinator.Webhooks;

namespace Apinator.Dialects;

/// <summary>
/// Apinator (PROTOCOL.md §1). REST calls carry <c>X-Realtime-Key</c>, <c>X-Realtime-Timestamp</c> and
/// <c>X-Realtime-Signature</c> = hex HMAC-SHA256(secret, <c>{timestamp}\n{METHOD}\n{path}\n{body_md5 or empty}</c>);
/// the query is not signed. A webhook is one event (named under <c>event</c>) signed in
/// <c>X-Realtime-Signature</c> over <c>{X-Realtime-Timestamp}.{body}</c>, its time in that header. A
/// trigger on one channel names it as <c>channel</c>; channel answers carry names, and an unoccupied
/// channel is a 404. Cluster address <c>https://ws-{cluster}.apinator.io</c>.
/// </summary>
internal sealed class ApinatorDialect(ApinatorProtocol protocol) : ServiceDialect(protocol)
{
    private const string SignatureHeader = "X-Realtime-Signature";
    private const string TimestampHeader = "X-Realtime-Timestamp";

    /// <summary>The last second <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxUnixSeconds = MaxUnixMilliseconds / 1000;

    internal override RequestSigner CreateSigner(ApinatorOptions options) => new Signer(options);

    internal override bool WritesOneChannelAsChannel => true;

    internal override Uri ClusterAddress(string? cluster) => new($"https://ws-{cluster}.apinator.io");

    public override bool NamesChannelsInAnswers => true;

    public override bool AnswersNotFoundForUnoccupiedChannel => true;

    public override int MaxEventsPerWebhook => 1;

    public override string WebhookNameProperty => "event";

    public override string ClientEventNameProperty => "name";

    internal override WebhookVerificationResult VerifySignature(WebhookVerifier verifier, Func<string, string?> getHeader, ReadOnlySpan<byte> body, bool timeRequired)
    {
        var signature = getHeader(SignatureHeader);
        var timestamp = getHeader(TimestampHeader);
        if (string.IsNullOrEmpty(signature)) return Fail(WebhookVerificationFailure.MissingHeader, $"The {SignatureHeader} header is missing.");
        if (string.IsNullOrEmpty(timestamp)) return Fail(WebhookVerificationFailure.MissingHeader, $"The {TimestampHeader} header is missing.");

        var hex = signature.AsSpan().Trim();
        if (hex.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) hex = hex[7..];

        var signed = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        bool matches;
        try
        {
            signed.AppendUtf8(timestamp);
            signed.Append((byte)'.');
            signed.Append(body);
            matches = verifier.MatchesAny(signed.Written, hex);
        }
        finally
        {
            signed.Dispose();
        }

        if (!matches) return BadSignature();

        // Present but unusable (not digits, or past what a date holds) is the sender's error, as the parser's rule for time_ms.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return Fail(WebhookVerificationFailure.Malformed, $"The {TimestampHeader} header is not Unix seconds.");
        }

        return WebhookVerificationResult.Valid with { SentAt = DateTimeOffset.FromUnixTimeSeconds(seconds) };
    }

    public override void HashDelivery(Func<string, string?> getHeader, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        // The signed string again ("{timestamp}.{body}"), built as the verifier builds it: no hasher object per delivery.
        var signed = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        try
        {
            signed.AppendUtf8(getHeader(TimestampHeader) ?? "");
            signed.Append((byte)'.');
            signed.Append(body);
            SHA256.HashData(signed.Written, destination);
        }
        finally
        {
            signed.Dispose();
        }
    }

    public override SignedDelivery SignWebhook(string key, DateTimeOffset sentAt, Action<Utf8JsonWriter> writeEvents, Func<string, string> hmacHex)
    {
        ArgumentNullException.ThrowIfNull(writeEvents);
        ArgumentNullException.ThrowIfNull(hmacHex);
        var body = JsonText(writeEvents);
        var seconds = sentAt.ToUnixTimeSeconds();
        var timestamp = seconds.ToString(CultureInfo.InvariantCulture);
        return new SignedDelivery(body, [new(TimestampHeader, timestamp), new(SignatureHeader, hmacHex($"{timestamp}.{body}"))], DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>Signs in headers; the query is sent as it is.</summary>
    internal sealed class Signer(ApinatorOptions options) : RequestSigner(options)
    {
        private readonly HmacKey _secret = new(options.Secret);

        public override HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, long timestamp)
        {
            var request = NewRequest(method, UnsignedUri(path, query), body);
            var headers = request.Headers;
            headers.TryAddWithoutValidation("X-Realtime-Key", Key);
            headers.TryAddWithoutValidation(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            headers.TryAddWithoutValidation(SignatureHeader, Signature(timestamp, method.Method, path, body.Span));
            return request;
        }

        /// <summary>The <c>X-Realtime-Signature</c> value.</summary>
        internal string Signature(long timestamp, string method, string path, ReadOnlySpan<byte> body)
        {
            var toSign = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
            try
            {
                toSign.AppendUtf8(timestamp);
                toSign.Append((byte)'\n');
                AppendMethodAndPath(ref toSign, method, path);
                if (!body.IsEmpty)
                {
                    // Empty string, not the MD5 of nothing, when there is no body.
                    Span<char> md5 = stackalloc char[BodyMd5.HexLength];
                    BodyMd5.WriteHex(body, md5);
                    toSign.AppendUtf8(md5);
                }

                return _secret.ToHex(toSign.Written);
            }
            finally
            {
                toSign.Dispose();
            }
        }
    }
}
