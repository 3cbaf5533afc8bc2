namespace Apinator.Rest;

/// <summary>Optional settings of one trigger.</summary>
public sealed record TriggerOptions
{
    /// <summary>A socket id (<c>1234.5678</c>) that must not receive the event, usually the sender's own.</summary>
    public string? SocketId { get; init; }

    /// <summary>Attributes the answer should carry for each channel.</summary>
    public ChannelInfo Info { get; init; }

    /// <summary>
    /// Sockudo only: a key (1–128 visible ASCII characters) under which the service publishes this
    /// event at most once for about two minutes, so a retry cannot duplicate it. Sent as
    /// <c>idempotency_key</c> in the body and as the <c>X-Idempotency-Key</c> header. With another
    /// protocol the call fails with <see cref="ApinatorUnsupportedException"/> before sending.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Sockudo only: string tags on the event (<c>tags</c>), which Sockudo's tag filters match
    /// subscriptions against. With another protocol the call fails before sending.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>
    /// Sockudo only: the <c>extras</c> envelope, a JSON object such as
    /// <c>{"headers":{…},"ephemeral":true,"echo":false}</c>. With another protocol the call fails before sending.
    /// </summary>
    public System.Text.Json.JsonElement? Extras { get; init; }
}
