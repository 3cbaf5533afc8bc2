namespace Apinator.Sockudo;

/// <summary>Which page of a Sockudo list to read: the query of message versions, and the base of <see cref="HistoryQuery"/>.</summary>
public record PageQuery
{
    /// <summary>The most items per page, 1–1000; the server's default when null. Sockudo also caps it at its <c>max_page_size</c> (100 by default).</summary>
    public int? Limit { get; init; }

    /// <summary>The order; the server's default (<see cref="HistoryDirection.NewestFirst"/>) when null.</summary>
    public HistoryDirection? Direction { get; init; }

    /// <summary>The opaque <c>next_cursor</c> of the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }
}
