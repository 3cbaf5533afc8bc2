namespace Apinator.Sockudo;

/// <summary>
/// What Sockudo reports about a channel's history stream or a presence channel's presence history stream
/// (<c>GET …/history/state</c>, <c>GET …/presence/history/state</c>): which stream it is, the serial it hands
/// out next, what it still retains, and whether it is intact.
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="StreamId">The stream's id; null when the history store keeps none (e.g. history is not stored).</param>
/// <param name="NextSerial">The serial the next message or presence event will get; null when the store does not say.</param>
/// <param name="Retained">What the stream still retains.</param>
/// <param name="State">Whether the stream is intact, and who says so.</param>
public sealed record HistoryStreamInspection(string Channel, string? StreamId, long? NextSerial, HistoryRetention Retained, HistoryStreamState State);
