namespace Apinator.Rest;

/// <summary>One event of a batch trigger.</summary>
/// <param name="Channel">The channel to send it on.</param>
/// <param name="Name">The event's name.</param>
/// <param name="Data">A string is sent as is; any other object is serialized with System.Text.Json.</param>
public sealed record BatchEvent(string Channel, string Name, object? Data)
{
    /// <summary>A socket id that must not receive this event.</summary>
    public string? SocketId { get; init; }

    /// <summary>Attributes the answer should carry for this event's channel.</summary>
    public ChannelInfo Info { get; init; }

    /// <summary>
    /// Sockudo only: this event's idempotency key (1–128 visible ASCII characters), sent as
    /// <c>idempotency_key</c> on the event. See <see cref="TriggerOptions.IdempotencyKey"/>.
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
