using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>One message of a channel's Sockudo history.</summary>
/// <param name="Serial">Its position in the channel's history stream.</param>
/// <param name="StreamId">The history stream it belongs to (a reset starts a new one).</param>
/// <param name="PublishedAtMs">When it was published, Unix milliseconds.</param>
/// <param name="MessageId">Its message id, when it has one.</param>
/// <param name="EventName">The event's name.</param>
/// <param name="OperationKind">For versioned messages, the latest action (e.g. <c>update</c>).</param>
/// <param name="Message">The stored message as Sockudo returned it (<c>event</c>, <c>channel</c>, <c>data</c>, …).</param>
public sealed record HistoryItem(long Serial, string? StreamId, long? PublishedAtMs, string? MessageId, string? EventName, string? OperationKind, JsonElement Message);
