namespace Apinator.Rest;

/// <summary>The answer to a trigger.</summary>
/// <param name="Channels">Per-channel counts, when <see cref="TriggerOptions.Info"/> asked for them; empty otherwise.</param>
public sealed record TriggerResult(IReadOnlyDictionary<string, ChannelCounts> Channels);
