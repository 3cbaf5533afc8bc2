namespace Apinator.Sockudo;

/// <summary>One page of a Sockudo list: message versions, annotations, and (as <see cref="HistoryPage{T}"/>) history.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The page's items, in the order asked for.</param>
/// <param name="HasMore">Whether another page follows.</param>
/// <param name="NextCursor">
/// The cursor of the next page, when there is one: <see cref="PageQuery.Cursor"/> for history and versions,
/// <see cref="AnnotationQuery.FromSerial"/> (the page's last annotation serial) for annotations.
/// </param>
public record SockudoPage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor);
