using System.Text.Json;
using Apinator.Validation;
using Apinator.Webhooks;

namespace Apinator.Dialects;

/// <summary>
/// What one realtime service means by the protocol, in one place: how a REST call is signed, how a
/// webhook is signed and shaped, which channel names it takes, what it answers, what it offers beyond
/// Pusher's calls and which settings it needs. The client, the ASP.NET Core endpoints and the test kit
/// ask the dialect of <see cref="ApinatorOptions.Protocol"/> (<see cref="For"/>); nothing else branches
/// on the protocol, so supporting another service means adding one dialect.
/// </summary>
/// <remarks>Dialects hold no app settings or secrets; each is one shared, thread-safe instance.</remarks>
public abstract class ServiceDialect
{
    /// <summary>9999-12-31T23:59:59.999Z, the last instant <see cref="DateTimeOffset"/> holds, in Unix milliseconds.</summary>
    private protected const long MaxUnixMilliseconds = 253_402_300_799_999;

    private protected ServiceDialect(ApinatorProtocol protocol)
    {
        Protocol = protocol;
        Name = protocol.ToString();
    }

    /// <summary>Apinator: <c>X-Realtime-*</c> signed REST calls and webhooks, one event per webhook.</summary>
    public static ServiceDialect Apinator { get; } = new ApinatorDialect(ApinatorProtocol.Apinator);

    /// <summary>Pusher Channels and Soketi: a signed query on REST calls, batched webhooks signed in <c>X-Pusher-Signature</c>.</summary>
    public static ServiceDialect Pusher { get; } = new PusherDialect(ApinatorProtocol.Pusher);

    /// <summary>Pusher-compatible hosts that take <c>X-Api-Key</c>/<c>X-Api-Secret</c> headers instead of a signature.</summary>
    public static ServiceDialect HeaderCredentials { get; } = new HeaderCredentialsDialect(ApinatorProtocol.HeaderCredentials);

    /// <summary>Sockudo: Pusher's dialect plus namespaced channels, idempotent publish, history and versioned messages.</summary>
    public static ServiceDialect Sockudo { get; } = new SockudoDialect(ApinatorProtocol.Sockudo);

    /// <summary>The protocol setting this dialect answers to.</summary>
    public ApinatorProtocol Protocol { get; }

    /// <summary>The protocol's name, for telemetry tags and messages.</summary>
    internal string Name { get; }

    /// <summary>The dialect of a protocol setting.</summary>
    /// <param name="protocol">The protocol, e.g. <see cref="ApinatorOptions.Protocol"/>.</param>
    /// <returns>The shared dialect.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined protocol.</exception>
    public static ServiceDialect For(ApinatorProtocol protocol) => protocol switch
    {
        ApinatorProtocol.Apinator => Apinator,
        ApinatorProtocol.Pusher => Pusher,
        ApinatorProtocol.HeaderCredentials => HeaderCredentials,
        ApinatorProtocol.Sockudo => Sockudo,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), (int)protocol, "Not one of Apinator, Pusher, HeaderCredentials, Sockudo."),
    };

    /// <summary>The dialect of <paramref name="options"/>' protocol, for a type built from options that may not have been validated.</summary>
    /// <exception cref="ApinatorConfigurationException">The protocol is not a defined one.</exception>
    internal static ServiceDialect Of(ApinatorOptions options) => Enum.IsDefined(options.Protocol)
        ? For(options.Protocol)
        : throw new ApinatorConfigurationException($"Apinator:Protocol '{(int)options.Protocol}' is not one of Apinator, Pusher, HeaderCredentials, Sockudo.");

    // ---- Channel names ----

    /// <summary>The longest channel name the service takes.</summary>
    public virtual int MaxChannelNameLength => ProtocolRules.MaxChannelNameLength;

    /// <summary>The characters a channel name may hold, in words, for messages (e.g. <c>letters, digits and _ - = @ , . ;</c>).</summary>
    public virtual string ChannelNameCharacters => "letters, digits and _ - = @ , . ;";

    /// <summary>Whether the service takes <paramref name="name"/> as a channel name (the library's <c>#server-to-user-</c> channels aside).</summary>
    /// <param name="name">A channel name, or a prefix of one.</param>
    /// <returns>True when it is 1 to <see cref="MaxChannelNameLength"/> allowed characters.</returns>
    public virtual bool IsValidChannelName(ReadOnlySpan<char> name) => ProtocolRules.IsValidChannelName(name);

    /// <summary>Throws <see cref="ApinatorValidationException"/> naming <paramref name="parameterName"/> unless the service takes the name.</summary>
    internal virtual void CheckChannelName(string? channel, string parameterName) => ProtocolRules.ChannelName(channel, parameterName);

    /// <summary>
    /// One escaped path segment, the same for every dialect and every client: as
    /// <see cref="Uri.EscapeDataString(string)"/>, but ':' stays as it is, legal in a path and sent so by
    /// Sockudo's SDKs (namespaced channels such as <c>private-chat:room1</c>, serials such as <c>msg:1</c>).
    /// </summary>
    /// <exception cref="ApinatorValidationException">The value is <c>.</c> or <c>..</c>, which every URL reads as a step between folders.</exception>
    internal static string PathSegment(string value, string parameterName = "channel")
    {
        // "." and ".." are legal channel names, but a URL normalizes them away: /channels/.. would
        // address the app itself, a different call from the one asked for.
        if (value is "." or "..") throw new ApinatorValidationException($"'{value}' cannot be addressed in a URL path (it reads as a folder step); use another name.", parameterName);
        var escaped = Uri.EscapeDataString(value);
        return escaped.Contains("%3A", StringComparison.Ordinal) ? escaped.Replace("%3A", ":", StringComparison.Ordinal) : escaped;
    }

    // ---- REST calls ----

    /// <summary>The per-app signer of REST calls: it builds each request with its credentials, in one step.</summary>
    internal abstract RequestSigner CreateSigner(ApinatorOptions options);

    /// <summary>Whether a trigger on one channel names it as <c>"channel"</c> rather than <c>"channels":[…]</c>.</summary>
    internal virtual bool WritesOneChannelAsChannel => false;

    /// <summary>Whether a cluster name alone gives the service's address (else <see cref="ApinatorOptions.BaseAddress"/> is required).</summary>
    internal virtual bool OffersClusterAddress => true;

    /// <summary>The REST address of a cluster.</summary>
    internal virtual Uri ClusterAddress(string? cluster) => new($"https://api-{cluster}.pusher.com");

    /// <summary>Adds the dialect's own objections to an otherwise valid, credential-free base address.</summary>
    internal virtual void ValidateAddress(Uri baseAddress, List<string> errors)
    {
    }

    /// <summary>
    /// Whether the service speaks Sockudo's extensions: idempotent publish (so a retried publish is
    /// de-duplicated), event tags and extras, history, versioned messages, annotations.
    /// </summary>
    internal virtual bool OffersExtensions => false;

    /// <summary>
    /// Whether browsers connect with a token the server fetches with the app's credentials (Skubber's
    /// SignalR tokens, <see cref="Skubber.SkubberTokenSource"/>) rather than with Pusher's socket auth.
    /// </summary>
    internal virtual bool OffersSignalRTokens => false;

    /// <summary>Throws <see cref="ApinatorUnsupportedException"/> unless the service offers <paramref name="feature"/> (see <see cref="OffersExtensions"/>).</summary>
    internal void RequireExtensions(string feature)
    {
        if (!OffersExtensions) throw new ApinatorUnsupportedException(feature, Protocol, ApinatorProtocol.Sockudo);
    }

    /// <summary>
    /// Whether the service answers channel queries with channel names inside: the list as
    /// <c>{"channels":[{"name","subscription_count"}…]}</c> and one channel as <c>{"name","subscription_count"}</c>
    /// (Apinator), rather than <c>{"channels":{"name":{…}}}</c> and <c>{"occupied",…}</c> (Pusher).
    /// </summary>
    public virtual bool NamesChannelsInAnswers => false;

    /// <summary>Whether the service answers 404 for a channel nobody is subscribed to (Apinator), rather than <c>occupied: false</c>.</summary>
    public virtual bool AnswersNotFoundForUnoccupiedChannel => false;

    // ---- Webhooks ----

    /// <summary>
    /// Checks a delivery's signature (and app key, where the scheme has one) over exactly what the
    /// service signed, and reads the time the delivery states. Returns a failure, or a valid result
    /// with <see cref="WebhookVerificationResult.SentAt"/> (null only when no time was sent and
    /// <paramref name="timeRequired"/> is false). A time that is present but unusable is <see cref="WebhookVerificationFailure.Malformed"/>.
    /// </summary>
    internal abstract WebhookVerificationResult VerifySignature(WebhookVerifier verifier, Func<string, string?> getHeader, ReadOnlySpan<byte> body, bool timeRequired);

    /// <summary>
    /// Writes the SHA-256 of exactly what the service signed for a delivery (for Apinator the timestamp
    /// header and the body, for Pusher the body, which carries <c>time_ms</c>): a replay hashes the same,
    /// whatever else (header case, a <c>sha256=</c> prefix, hex case) was changed.
    /// </summary>
    /// <param name="getHeader">Looks a header up by name (case-insensitively), null when absent.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="destination">At least 32 bytes.</param>
    public abstract void HashDelivery(Func<string, string?> getHeader, ReadOnlySpan<byte> body, Span<byte> destination);

    /// <summary>The most events one delivery carries: 1 when the event is the whole body (Apinator).</summary>
    public virtual int MaxEventsPerWebhook => int.MaxValue;

    /// <summary>The member naming a webhook event (<c>channel_occupied</c>, <c>client_event</c>, …).</summary>
    public virtual string WebhookNameProperty => "name";

    /// <summary>The member naming a client event's own name (<c>client-…</c>) inside a <c>client_event</c> webhook.</summary>
    public virtual string ClientEventNameProperty => "event";

    /// <summary>
    /// Builds a delivery as the service would send it, for a test to play the service. The signature
    /// is computed by <paramref name="hmacHex"/> (the caller's own HMAC-SHA256, so a test does not agree
    /// with the library by construction).
    /// </summary>
    /// <param name="key">The app key.</param>
    /// <param name="sentAt">When it claims to be sent.</param>
    /// <param name="writeEvents">Writes the events, each a JSON object (at most <see cref="MaxEventsPerWebhook"/>).</param>
    /// <param name="hmacHex">Lowercase hex HMAC-SHA256 of a UTF-8 text, with the webhook secret.</param>
    /// <returns>The body, its signature headers and the time as the delivery states it.</returns>
    public abstract SignedDelivery SignWebhook(string key, DateTimeOffset sentAt, Action<Utf8JsonWriter> writeEvents, Func<string, string> hmacHex);

    /// <summary>A failed verification.</summary>
    private protected static WebhookVerificationResult Fail(WebhookVerificationFailure failure, string message) => new(failure, message);

    /// <summary>The one answer to a signature that does not match, whatever the scheme.</summary>
    private protected static WebhookVerificationResult BadSignature() =>
        Fail(WebhookVerificationFailure.BadSignature, "The webhook signature does not match the body (tampered with, or signed with another secret).");

    /// <summary>JSON text written by <paramref name="write"/>.</summary>
    private protected static string JsonText(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream)) write(json);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The protocol's name.</summary>
    /// <returns>E.g. <c>Sockudo</c>.</returns>
    public override string ToString() => Name;
}
