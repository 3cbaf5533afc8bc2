namespace Apinator.Webhooks;

/// <summary>A channel got its first subscriber.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelOccupiedEvent(string Channel) : WebhookEvent("channel_occupied", Channel);
