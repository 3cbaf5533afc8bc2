namespace Apinator.Webhooks;

/// <summary>A channel lost its last subscriber.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelVacatedEvent(string Channel) : WebhookEvent("channel_vacated", Channel);
