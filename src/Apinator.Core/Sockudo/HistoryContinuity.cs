namespace Apinator.Sockudo;

/// <summary>
/// The <c>continuity</c> of a Sockudo history page: what the stream still retains, and whether the answer to the
/// query is whole or retention cut it short.
/// </summary>
/// <param name="Retained">What the stream still retains (oldest and newest serials and times, item and byte counts).</param>
/// <param name="Complete">
/// Whether this answer holds everything the query asked for: no further page and nothing lost to retention (on presence
/// history, also a stream whose continuity is proven).
/// </param>
/// <param name="TruncatedByRetention">
/// Whether retention (by age, count or size) dropped items the query asked for: its start lies before the oldest retained
/// item, or, with no start, older items than the oldest retained one existed.
/// </param>
public sealed record HistoryContinuity(HistoryRetention Retained, bool Complete, bool TruncatedByRetention)
{
    /// <summary>Presence history only (<c>degraded</c>): the stream's continuity is not proven, so events may be missing. Null on channel history.</summary>
    public bool? Degraded { get; init; }
}
