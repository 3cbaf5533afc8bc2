using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Webhooks;

namespace Apinator.Testing;

/// <summary>
/// Posts webhook deliveries to an app, built and signed exactly as the service would for the app's
/// protocol, plus the bad ones an attacker or a slow network would produce: a wrong signature, an old
/// or future timestamp, a replay. Get one with <c>factory.CreateWebhookClient()</c>.
/// </summary>
/// <remarks>
/// Apinator deliveries carry one event, <c>X-Realtime-Timestamp</c> (Unix seconds) and
/// <c>X-Realtime-Signature</c> = hex HMAC-SHA256(webhook secret, <c>{timestamp}.{body}</c>). Pusher
/// deliveries carry <c>{"time_ms","events":[…]}</c>, <c>X-Pusher-Key</c> and <c>X-Pusher-Signature</c> =
/// hex HMAC-SHA256(secret, body). The HMAC is computed here, not by the library under test.
/// </remarks>
public sealed class WebhookTestClient
{
    /// <summary>The route <c>MapApinatorWebhooks</c> maps by default.</summary>
    public const string DefaultPath = "/webhooks/apinator";

    private readonly ServiceDialect _dialect;
    private readonly string _key;
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly ChannelEncryption? _encryption;
    private SignedWebhook? _last;

    /// <summary>Creates a client that signs with the app's settings.</summary>
    /// <param name="httpClient">A client whose base address is the app.</param>
    /// <param name="options">
    /// The app's settings: protocol, key, webhook secret (else secret), and the encryption master key
    /// that client events on <c>private-encrypted-</c> channels are encrypted with.
    /// </param>
    /// <param name="timeProvider">The app's clock, so deliveries are dated as the app sees time; the system clock when null.</param>
    /// <param name="path">The webhook route.</param>
    /// <exception cref="ArgumentException">The options have no secret to sign with.</exception>
    /// <exception cref="ApinatorConfigurationException">The encryption master key is not base64 of 32 bytes.</exception>
    public WebhookTestClient(HttpClient httpClient, ApinatorOptions options, TimeProvider? timeProvider = null, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(path);
        HttpClient = httpClient;
        _dialect = ServiceDialect.For(options.Protocol);
        _key = options.Key;
        _secret = string.IsNullOrEmpty(options.WebhookSecret) ? options.Secret : options.WebhookSecret;
        if (string.IsNullOrEmpty(_secret)) throw new ArgumentException("The options have neither a WebhookSecret nor a Secret to sign webhooks with.", nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _encryption = string.IsNullOrEmpty(options.EncryptionMasterKeyBase64) ? null : new ChannelEncryption(options.EncryptionMasterKeyBase64);
        Path = path;
    }

    /// <summary>The client deliveries are posted with.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The webhook route.</summary>
    public string Path { get; }

    /// <summary>
    /// The age <see cref="SendExpiredAsync"/> gives a delivery when none is given: older than the
    /// app's maximum age. Ten minutes unless set (the library's default maximum is five).
    /// </summary>
    public TimeSpan ExpiredAge { get; init; } = WebhookVerifier.DefaultMaxAge + TimeSpan.FromMinutes(5);

    /// <summary>The last delivery sent, for <see cref="ReplayAsync"/>.</summary>
    public SignedWebhook? LastDelivery => _last;

    /// <summary>Builds and signs a delivery without sending it.</summary>
    /// <param name="events">The events: exactly one for the Apinator protocol, one or more for Pusher.</param>
    /// <param name="age">How long ago it claims to have been sent; negative for the future.</param>
    /// <param name="secret">The secret to sign with; the app's when null.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException">No events, or several for the Apinator protocol (it delivers one event per webhook).</exception>
    public SignedWebhook Sign(IReadOnlyList<WebhookTestEvent> events, TimeSpan age = default, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("A delivery needs at least one event.", nameof(events));
        var sentAt = _time.GetUtcNow() - age;
        secret ??= _secret;

        if (events.Count > _dialect.MaxEventsPerWebhook)
        {
            throw new ArgumentException(_dialect.MaxEventsPerWebhook == 1
                ? $"{_dialect} delivers one event per webhook; send them one by one."
                : $"{_dialect} delivers at most {_dialect.MaxEventsPerWebhook} events per webhook; send them in several.", nameof(events));
        }

        // The dialect shapes the body and names the headers; the HMAC is computed here.
        var delivery = _dialect.SignWebhook(_key, sentAt, json =>
        {
            foreach (var e in events) e.Write(json, _dialect, _encryption);
        }, text => Hmac.Hex(secret, text));
        return new SignedWebhook(Path, delivery.Body, delivery.Headers, delivery.SentAt);
    }

    /// <summary>Sends one event, signed and dated now.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    public Task<WebhookTestResult> SendAsync(WebhookTestEvent webhookEvent, CancellationToken cancellationToken = default) =>
        SendAsync(Sign([webhookEvent]), cancellationToken);

    /// <summary>Sends several events in one delivery (Pusher protocol), signed and dated now.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    /// <exception cref="ArgumentException">Several events for the Apinator protocol.</exception>
    public Task<WebhookTestResult> SendAsync(IReadOnlyList<WebhookTestEvent> events, CancellationToken cancellationToken = default) =>
        SendAsync(Sign(events), cancellationToken);

    /// <summary>Sends one event signed with a secret the app does not have. The app should answer 401.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    public Task<WebhookTestResult> SendWithBadSignatureAsync(WebhookTestEvent webhookEvent, CancellationToken cancellationToken = default) =>
        SendAsync(Sign([webhookEvent], secret: _secret + "-wrong"), cancellationToken);

    /// <summary>Sends one correctly signed event dated in the past. Past the app's maximum age, it should answer 401.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="age">How old it is; <see cref="ExpiredAge"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    public Task<WebhookTestResult> SendExpiredAsync(WebhookTestEvent webhookEvent, TimeSpan? age = null, CancellationToken cancellationToken = default) =>
        SendAsync(Sign([webhookEvent], age ?? ExpiredAge), cancellationToken);

    /// <summary>Sends one correctly signed event dated in the future. Beyond the allowed clock skew, the app should answer 401.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="ahead">How far ahead; five minutes when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    public Task<WebhookTestResult> SendFromTheFutureAsync(WebhookTestEvent webhookEvent, TimeSpan? ahead = null, CancellationToken cancellationToken = default) =>
        SendAsync(Sign([webhookEvent], -(ahead ?? TimeSpan.FromMinutes(5))), cancellationToken);

    /// <summary>Sends the last delivery again, byte for byte, as an attacker replaying it would.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    /// <exception cref="InvalidOperationException">Nothing was sent yet.</exception>
    public Task<WebhookTestResult> ReplayAsync(CancellationToken cancellationToken = default) =>
        SendAsync(_last ?? throw new InvalidOperationException("Nothing was sent yet, so there is nothing to replay."), cancellationToken);

    /// <summary>Sends a prepared delivery exactly as it is.</summary>
    /// <param name="delivery">The delivery, from <see cref="Sign"/> or <see cref="LastDelivery"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How the app answered.</returns>
    public async Task<WebhookTestResult> SendAsync(SignedWebhook delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _last = delivery;
        using var request = delivery.ToRequest();
        using var response = await HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new WebhookTestResult(delivery, response.StatusCode, body);
    }
}
