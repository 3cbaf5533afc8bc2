using System.Security.Cryptography;
using System.Text.Json;
using Apinator.Webhooks;

namespace Apinator.Dialects;

/// <summary>
/// Pusher Channels and Soketi (PROTOCOL.md §2). REST calls are signed in the query string
/// (<see cref="PusherSigner"/>). A webhook is <c>{"time_ms","events":[…]}</c>, events named under
/// <c>name</c>, carrying <c>X-Pusher-Key</c> (the app key) and <c>X-Pusher-Signature</c> = hex
/// HMAC-SHA256(secret, body); its time is the signed <c>time_ms</c>. Cluster address
/// <c>https://api-{cluster}.pusher.com</c>. The base of the other Pusher-compatible dialects.
/// </summary>
internal class PusherDialect(ApinatorProtocol protocol) : ServiceDialect(protocol)
{
    private const string KeyHeader = "X-Pusher-Key";
    private const string SignatureHeader = "X-Pusher-Signature";

    internal override RequestSigner CreateSigner(ApinatorOptions options) => new PusherSigner(options);

    internal override WebhookVerificationResult VerifySignature(WebhookVerifier verifier, Func<string, string?> getHeader, ReadOnlySpan<byte> body, bool timeRequired)
    {
        var key = getHeader(KeyHeader);
        var signature = getHeader(SignatureHeader);
        if (string.IsNullOrEmpty(key)) return Fail(WebhookVerificationFailure.MissingHeader, $"The {KeyHeader} header is missing.");
        if (string.IsNullOrEmpty(signature)) return Fail(WebhookVerificationFailure.MissingHeader, $"The {SignatureHeader} header is missing.");

        // The key is public; an ordinary comparison reveals nothing worth protecting.
        if (!string.Equals(key, verifier.Key, StringComparison.Ordinal)) return Fail(WebhookVerificationFailure.WrongKey, "The webhook is for another app key.");
        if (!verifier.MatchesAny(body, signature.AsSpan().Trim())) return BadSignature();

        // Pusher puts no time in a header; the signed body's time_ms is the delivery's time.
        TimeMs read;
        long ms;
        try
        {
            read = ReadTimeMs(body, out ms);
        }
        catch (JsonException)
        {
            // Without an age to check, the parser is the one to refuse a body that is not JSON.
            return timeRequired ? Fail(WebhookVerificationFailure.Malformed, "The webhook body is not valid JSON.") : WebhookVerificationResult.Valid;
        }

        return read switch
        {
            TimeMs.Found => WebhookVerificationResult.Valid with { SentAt = DateTimeOffset.FromUnixTimeMilliseconds(ms) },
            // Present but unusable is the sender's error, whether or not an age is enforced: the parser's rule.
            TimeMs.Unusable => Fail(WebhookVerificationFailure.Malformed, "The webhook's 'time_ms' is not a time in milliseconds since 1970."),
            _ when timeRequired => Fail(WebhookVerificationFailure.Malformed, "The webhook body has no time_ms, so its age cannot be checked."),
            _ => WebhookVerificationResult.Valid,
        };
    }

    public override void HashDelivery(Func<string, string?> getHeader, ReadOnlySpan<byte> body, Span<byte> destination) =>
        SHA256.HashData(body, destination);

    public override SignedDelivery SignWebhook(string key, DateTimeOffset sentAt, Action<Utf8JsonWriter> writeEvents, Func<string, string> hmacHex)
    {
        ArgumentNullException.ThrowIfNull(writeEvents);
        ArgumentNullException.ThrowIfNull(hmacHex);
        var ms = sentAt.ToUnixTimeMilliseconds();
        var body = JsonText(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("time_ms", ms);
            json.WriteStartArray("events");
            writeEvents(json);
            json.WriteEndArray();
            json.WriteEndObject();
        });
        return new SignedDelivery(body, [new(KeyHeader, key), new(SignatureHeader, hmacHex(body))], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    private static TimeMs ReadTimeMs(ReadOnlySpan<byte> body, out long ms)
    {
        ms = 0;
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTime = reader.ValueTextEquals("time_ms"u8);
            reader.Read();
            if (isTime)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out ms) && ms is >= 0 and <= MaxUnixMilliseconds ? TimeMs.Found : TimeMs.Unusable;
            }

            reader.Skip();
        }

        return TimeMs.Absent;
    }

    private enum TimeMs
    {
        Absent,
        Found,
        Unusable,
    }
}
