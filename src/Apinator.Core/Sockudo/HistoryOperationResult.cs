using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>Sockudo's answer to a history reset or purge.</summary>
/// <param name="Operation"><c>reset</c> or <c>purge</c>.</param>
/// <param name="Channel">The channel.</param>
/// <param name="PurgedMessages">How many items were removed, when reported: messages (<c>purged_messages</c>) for channel history, events (<c>purged_events</c>) for presence history.</param>
/// <param name="PurgedBytes">How many bytes were removed, when reported.</param>
/// <param name="Raw">The whole answer (stream ids, inspection), for members not surfaced here.</param>
public sealed record HistoryOperationResult(string Operation, string Channel, long? PurgedMessages, long? PurgedBytes, JsonElement Raw);
