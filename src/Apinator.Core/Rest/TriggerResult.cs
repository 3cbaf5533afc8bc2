namespace Apinator.Rest;

/// <summary>The answer to a trigger.</summary>
/// <param name="Channels">Per-channel counts, when <see cref="TriggerOptions.Info"/> asked for them; empty otherwise.</param>
public sealed record TriggerResult(IReadOnlyDictionary<string, ChannelCounts> Channels)
{
    /// <summary>The idempotency key sent (given or generated, Sockudo only); null when none was.</summary>
    public string? IdempotencyKey { get; init; }
}
