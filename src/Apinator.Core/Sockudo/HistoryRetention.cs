namespace Apinator.Sockudo;

/// <summary>What Sockudo still retains of a history stream, after retention by age, count and size.</summary>
/// <param name="StreamId">The stream's id, when there is one.</param>
/// <param name="RetainedItems">How many items are retained: messages (<c>retained_messages</c>) for channel history, events (<c>retained_events</c>) for presence history.</param>
/// <param name="RetainedBytes">How many bytes the retained items take.</param>
/// <param name="OldestAvailableSerial">The oldest serial still retained, when any item is.</param>
/// <param name="NewestAvailableSerial">The newest serial retained, when any item is.</param>
/// <param name="OldestAvailablePublishedAtMs">When the oldest retained item was published, Unix milliseconds.</param>
/// <param name="NewestAvailablePublishedAtMs">When the newest retained item was published, Unix milliseconds.</param>
public sealed record HistoryRetention(
    string? StreamId,
    long RetainedItems,
    long RetainedBytes,
    long? OldestAvailableSerial,
    long? NewestAvailableSerial,
    long? OldestAvailablePublishedAtMs,
    long? NewestAvailablePublishedAtMs);
