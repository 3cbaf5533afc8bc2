namespace Apinator.Sockudo;

/// <summary>
/// One page of channel or presence history: the items, and what the server says of the stream they
/// come from (continuity, bounds, state).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The page's items, in the order asked for.</param>
/// <param name="HasMore">Whether another page follows.</param>
/// <param name="NextCursor">The cursor of the next page (<see cref="PageQuery.Cursor"/>), when there is one.</param>
public sealed record HistoryPage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor) : SockudoPage<T>(Items, HasMore, NextCursor)
{
    /// <summary>
    /// For channel and presence history pages (<c>continuity</c>): what the stream still retains and whether the
    /// answer to this query is whole. When <see cref="HistoryContinuity.TruncatedByRetention"/> is true, retention
    /// dropped items the query asked for; reading on will not bring them back. Null when the server does not say.
    /// </summary>
    public HistoryContinuity? Continuity { get; init; }

    /// <summary>For history pages (<c>bounds</c>): the serial and time bounds the server applied to the query.</summary>
    public HistoryBounds? Bounds { get; init; }

    /// <summary>
    /// For history pages (<c>stream_state</c>): whether the stream is intact, as
    /// <see cref="ISockudoExtensions.GetHistoryStateAsync"/> reports it.
    /// </summary>
    public HistoryStreamState? StreamState { get; init; }
}
