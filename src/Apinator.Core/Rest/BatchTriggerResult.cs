namespace Apinator.Rest;

/// <summary>The answer to a batch trigger.</summary>
/// <param name="Batch">Counts per event, in the order sent, when asked for; empty otherwise.</param>
public sealed record BatchTriggerResult(IReadOnlyList<ChannelCounts> Batch);
