using System.Text.Json;
using Apinator.Dialects;
using Apinator.Serialization;

namespace Apinator;

/// <summary>
/// Settings for an Apinator or Pusher-compatible app. Bind it from configuration (section
/// <c>Apinator</c>), set it in code, or build it from a URL with <see cref="FromUrl"/>.
/// </summary>
public sealed class ApinatorOptions
{
    /// <summary>Default limit on the UTF-8 size of an event's <c>data</c>, in bytes.</summary>
    public const int DefaultMaxDataBytes = 10_240;

    /// <summary>Default limit on the size of an answer from the service, in bytes after decompression: 4 MiB.</summary>
    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>The application id (the <c>{app_id}</c> in <c>/apps/{app_id}/…</c>).</summary>
    public string AppId { get; set; } = "";

    /// <summary>The application key; public, handed to browsers.</summary>
    public string Key { get; set; } = "";

    /// <summary>The application secret. Never logged, never shown in an exception message.</summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// The cluster (e.g. <c>eu</c>, <c>us</c>, <c>mt1</c>). Used to build the service's address when
    /// <see cref="BaseAddress"/> is not set.
    /// </summary>
    public string? Cluster { get; set; }

    /// <summary>
    /// The REST API's address, e.g. <c>http://127.0.0.1:6001</c> for a local Soketi. Wins over
    /// <see cref="Cluster"/>.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The secret the service signs webhooks with. Apinator uses a separate webhook secret;
    /// defaults to <see cref="Secret"/> when not set.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Webhook secrets still accepted while a new one is rolled out (the one before
    /// <see cref="WebhookSecret"/>, or before <see cref="Secret"/> when no webhook secret is set).
    /// Deliveries signed with any of them are genuine; nothing is ever signed with them. Empty by
    /// default; bind from configuration as an array (<c>Apinator:PreviousWebhookSecrets:0</c>, …).
    /// </summary>
    public IList<string> PreviousWebhookSecrets { get; set; } = [];

    /// <summary>The wire-protocol variant. <see cref="ApinatorProtocol.Apinator"/> by default.</summary>
    public ApinatorProtocol Protocol { get; set; } = ApinatorProtocol.Apinator;

    /// <summary>Timeout of one REST call. 10 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Base64 of 32 random bytes: the master key of end-to-end encrypted channels
    /// (<c>private-encrypted-…</c>). Leave unset when the app uses none.
    /// </summary>
    public string? EncryptionMasterKeyBase64 { get; set; }

    /// <summary>Largest <c>data</c> of one event, in UTF-8 bytes. 10 240 by default; some plans allow more.</summary>
    public int MaxDataBytes { get; set; } = DefaultMaxDataBytes;

    /// <summary>Most channels one trigger may address. 100 by default.</summary>
    public int MaxChannelsPerTrigger { get; set; } = 100;

    /// <summary>Most events in one batch trigger. 10 by default.</summary>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Longest event name, in characters. 200 by default.</summary>
    public int MaxEventNameLength { get; set; } = 200;

    /// <summary>
    /// Largest answer read from the service, in bytes after decompression. A larger answer is not
    /// read further and the call fails with <see cref="ApinatorApiException"/>, so memory stays
    /// bounded whatever the service sends. 4 MiB by default.
    /// </summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Retries after a first try, 0 to 10; 0 (the default) retries nothing. Retried: 429 and 503
    /// (after the answer's <c>Retry-After</c>) and connections that could not be made, with
    /// exponential back-off and jitter; a 500, 502, 504 or a try past <see cref="AttemptTimeout"/>
    /// only for reads and, on Sockudo, a publish carrying an idempotency key, since elsewhere the
    /// event may already be published. <see cref="Timeout"/> bounds all tries together.
    /// </summary>
    public int MaxRetries { get; set; }

    /// <summary>Longest wait between two tries, whatever <c>Retry-After</c> says. 5 seconds by default.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest one try may take, or null (the default) to give it the whole <see cref="Timeout"/>.
    /// Shorter than <see cref="Timeout"/>, it lets a try that hangs be retried where a retry cannot
    /// publish twice: reads (GET), and on Sockudo a publish carrying an idempotency key. Elsewhere a
    /// try that runs out fails as a timeout (the event may have been published).
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>
    /// With <see cref="ApinatorProtocol.Sockudo"/>: give every trigger that has no
    /// <see cref="Rest.TriggerOptions.IdempotencyKey"/> a key <c>{random id}:{serial}</c>, and every batch
    /// event <c>{random id}:{serial}:{index}</c>, as Sockudo's own SDKs do. A retry of the same HTTP
    /// request (e.g. by a resilience handler on the <see cref="HttpClient"/>) then cannot publish twice.
    /// False by default; only valid with Protocol Sockudo.
    /// </summary>
    public bool GenerateIdempotencyKeys { get; set; }

    /// <summary>
    /// The HTTP version of REST calls: <see cref="ApinatorHttpVersion.Http11"/> by default;
    /// <see cref="ApinatorHttpVersion.Http2"/> over <c>https://</c> where the service negotiates it;
    /// <see cref="ApinatorHttpVersion.Http2Only"/> for HTTP/2 cleartext (h2c) to a service known to speak it.
    /// Over HTTP/2 concurrent calls share one connection.
    /// </summary>
    public ApinatorHttpVersion HttpVersion { get; set; } = ApinatorHttpVersion.Http11;

    /// <summary>
    /// Serializer settings for event <c>data</c>, presence <c>user_info</c> and user data given as
    /// objects (strings are sent as they are). <see cref="JsonSerializerDefaults.Web"/> by default.
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>
    /// Builds options from a URL of the form <c>http(s)://key:secret@host:port/apps/app-id</c>, the
    /// convention of Pusher-compatible servers.
    /// </summary>
    /// <param name="url">The URL. Key and secret may be percent-encoded.</param>
    /// <param name="protocol">The protocol variant the server speaks.</param>
    /// <returns>Options with <see cref="BaseAddress"/>, <see cref="Key"/>, <see cref="Secret"/> and <see cref="AppId"/> set.</returns>
    /// <exception cref="ApinatorConfigurationException">The URL is not of that form.</exception>
    public static ApinatorOptions FromUrl(string url, ApinatorProtocol protocol = ApinatorProtocol.Apinator)
    {
        ArgumentNullException.ThrowIfNull(url);
        // The URL carries the secret: never echo it back in a message.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ApinatorConfigurationException("The app URL is not an absolute http(s) URL of the form http(s)://key:secret@host:port/apps/app-id.");
        }

        var userInfo = uri.UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == userInfo.Length - 1)
        {
            throw new ApinatorConfigurationException("The app URL has no 'key:secret@' part; expected http(s)://key:secret@host:port/apps/app-id.");
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || segments[0] != "apps" || segments[1].Length == 0)
        {
            throw new ApinatorConfigurationException("The app URL's path is not /apps/{app-id}.");
        }

        return new ApinatorOptions
        {
            Key = Uri.UnescapeDataString(userInfo[..colon]),
            Secret = Uri.UnescapeDataString(userInfo[(colon + 1)..]),
            AppId = Uri.UnescapeDataString(segments[1]),
            // Scheme, host and port only: GetLeftPart(Authority) would keep the key:secret@ part.
            BaseAddress = new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)),
            Protocol = protocol,
        };
    }

    /// <summary>
    /// Checks every setting and returns one message per problem, each naming the setting. Empty
    /// when the options are usable. Messages never contain the secret.
    /// </summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(AppId)) errors.Add("Apinator:AppId is required.");
        if (string.IsNullOrWhiteSpace(Key)) errors.Add("Apinator:Key is required.");
        if (string.IsNullOrEmpty(Secret)) errors.Add("Apinator:Secret is required.");
        // What belongs to one service (an address it needs, a scheme it refuses, an extension it lacks) its dialect says.
        var dialect = Enum.IsDefined(Protocol) ? ServiceDialect.For(Protocol) : null;
        if (dialect is null) errors.Add($"Apinator:Protocol '{(int)Protocol}' is not one of Apinator, Pusher, HeaderCredentials, Sockudo.");

        if (BaseAddress is null)
        {
            if (string.IsNullOrWhiteSpace(Cluster))
            {
                errors.Add("Apinator:Cluster or Apinator:BaseAddress is required.");
            }
            else if (dialect is { OffersClusterAddress: false })
            {
                errors.Add($"Apinator:BaseAddress is required with Protocol {Protocol} (there is no cluster address for it).");
            }
            else if (!IsDnsLabel(Cluster))
            {
                errors.Add($"Apinator:Cluster '{Cluster}' is not a valid cluster name (letters, digits and '-').");
            }
        }
        else if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Apinator:BaseAddress must be an absolute http:// or https:// URL.");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.UserInfo))
        {
            // Credentials in the address would be printed wherever the address is.
            errors.Add("Apinator:BaseAddress must not contain credentials (user:password@); to configure from a URL of the form http(s)://key:secret@host/apps/app-id, use ApinatorOptions.FromUrl.");
        }
        else
        {
            dialect?.ValidateAddress(BaseAddress, errors);
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan) errors.Add("Apinator:Timeout must be positive.");
        if (MaxDataBytes <= 0) errors.Add("Apinator:MaxDataBytes must be positive.");
        if (MaxChannelsPerTrigger <= 0) errors.Add("Apinator:MaxChannelsPerTrigger must be positive.");
        if (MaxBatchSize <= 0) errors.Add("Apinator:MaxBatchSize must be positive.");
        if (MaxEventNameLength <= 0) errors.Add("Apinator:MaxEventNameLength must be positive.");
        if (MaxResponseBytes <= 0) errors.Add("Apinator:MaxResponseBytes must be positive.");
        if (MaxRetries is < 0 or > 10) errors.Add("Apinator:MaxRetries must be between 0 and 10.");
        if (MaxRetryDelay <= TimeSpan.Zero) errors.Add("Apinator:MaxRetryDelay must be positive.");
        if (AttemptTimeout is { } attempt && (attempt <= TimeSpan.Zero || (Timeout != System.Threading.Timeout.InfiniteTimeSpan && attempt >= Timeout)))
        {
            errors.Add("Apinator:AttemptTimeout must be positive and shorter than Apinator:Timeout, which bounds all tries together.");
        }

        if (!Enum.IsDefined(HttpVersion))
        {
            errors.Add($"Apinator:HttpVersion '{(int)HttpVersion}' is not one of Http11, Http2, Http2Only.");
        }
        else if (HttpVersion == ApinatorHttpVersion.Http2 && ResolvedScheme() == Uri.UriSchemeHttp)
        {
            // ALPN is part of TLS: over http:// the call would silently stay HTTP/1.1.
            errors.Add("Apinator:HttpVersion Http2 is negotiated during the TLS handshake, which an http:// address has none of: use an https:// address, or Http2Only for HTTP/2 cleartext (h2c) when the service speaks it.");
        }

        if (GenerateIdempotencyKeys && dialect is { OffersExtensions: false })
        {
            errors.Add($"Apinator:GenerateIdempotencyKeys needs Protocol Sockudo: idempotent publish is a Sockudo extension, and {Protocol} would ignore or refuse the key.");
        }

        if (PreviousWebhookSecrets is { } previous)
        {
            for (var i = 0; i < previous.Count; i++)
            {
                // Named by position only: the value is a secret.
                if (string.IsNullOrEmpty(previous[i])) errors.Add($"Apinator:PreviousWebhookSecrets:{i} is empty; remove it or set the old secret.");
            }
        }

        if (!string.IsNullOrEmpty(EncryptionMasterKeyBase64) && !Encryption.ChannelEncryption.TryDecodeMasterKey(EncryptionMasterKeyBase64, out _))
        {
            errors.Add("Apinator:EncryptionMasterKeyBase64 must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
        }

        return errors;
    }

    /// <summary>The REST API's address: <see cref="BaseAddress"/>, or the cluster's host for the protocol.</summary>
    /// <returns>The absolute base address.</returns>
    public Uri ResolveBaseAddress() => BaseAddress ?? ServiceDialect.Of(this).ClusterAddress(Cluster);

    /// <summary>A description of the options with the secrets redacted.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString() =>
        $"ApinatorOptions {{ AppId = {AppId}, Key = {Key}, Secret = {Redact(Secret)}, WebhookSecret = {Redact(WebhookSecret)}, " +
        $"PreviousWebhookSecrets = {(PreviousWebhookSecrets is { Count: > 0 } previous ? $"{previous.Count} × ***" : "(none)")}, " +
        $"Cluster = {Cluster}, BaseAddress = {ShownAddress(BaseAddress)}, Protocol = {Protocol}, EncryptionMasterKeyBase64 = {Redact(EncryptionMasterKeyBase64)} }}";

    private string? ResolvedScheme() => BaseAddress is { IsAbsoluteUri: true } address ? address.Scheme : null;

    internal ApinatorOptions Clone() => (ApinatorOptions)MemberwiseClone();

    internal JsonSerializerOptions GetJsonSerializerOptions() => JsonDefaults.For(JsonSerializerOptions);

    /// <summary>An address without its user info, which may hold a secret.</summary>
    internal static string? ShownAddress(Uri? address) =>
        address is { IsAbsoluteUri: true, UserInfo.Length: > 0 } ? address.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped) : address?.ToString();

    private static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(not set)" : "***";

    private static bool IsDnsLabel(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
        }

        return value.Length <= 63;
    }
}
