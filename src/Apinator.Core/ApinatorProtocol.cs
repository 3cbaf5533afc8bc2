namespace Apinator;

/// <summary>The wire-protocol variant used to sign REST calls and verify webhooks.</summary>
public enum ApinatorProtocol
{
    /// <summary>
    /// Apinator: <c>X-Realtime-*</c> signature headers on REST calls and
    /// <c>X-Realtime-Signature</c>/<c>X-Realtime-Timestamp</c> on webhooks.
    /// </summary>
    Apinator = 0,

    /// <summary>
    /// Pusher Channels, Soketi, Sockudo: <c>auth_*</c> query-string signature on REST calls and
    /// <c>X-Pusher-Key</c>/<c>X-Pusher-Signature</c> on webhooks.
    /// </summary>
    Pusher = 1,

    /// <summary>
    /// Pusher-compatible hosts that take <c>X-Api-Key</c>/<c>X-Api-Secret</c> headers instead of a
    /// signature. The secret travels on every request, so plain <c>http://</c> is only allowed to
    /// loopback hosts. Webhooks are verified as in <see cref="Pusher"/>.
    /// </summary>
    HeaderCredentials = 2,

    /// <summary>
    /// Sockudo: signed and verified exactly as <see cref="Pusher"/>, plus Sockudo's extensions
    /// (idempotent publish, history, versioned messages, annotations; see <c>Apinator.Sockudo.ISockudoExtensions</c>).
    /// Self-hosted, so <see cref="ApinatorOptions.BaseAddress"/> is required.
    /// </summary>
    Sockudo = 3,
}
