namespace Apinator.Webhooks;

/// <summary>A channel's subscriber count changed.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="SubscriptionCount">The new count.</param>
public sealed record SubscriptionCountEvent(string Channel, int SubscriptionCount) : WebhookEvent("subscription_count", Channel);
