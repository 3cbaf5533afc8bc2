namespace Apinator.Sockudo;

/// <summary>One page of a Sockudo list (history, presence history, message versions, annotations).</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The page's items, in the order asked for.</param>
/// <param name="HasMore">Whether another page follows.</param>
/// <param name="NextCursor">The cursor of the next page (<see cref="PageQuery.Cursor"/>), when there is one.</param>
public sealed record HistoryPage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor);
