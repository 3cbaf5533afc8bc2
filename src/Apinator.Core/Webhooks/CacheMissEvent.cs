namespace Apinator.Webhooks;

/// <summary>A client subscribed to a cache channel that had no cached event.</summary>
/// <param name="Channel">The cache channel.</param>
public sealed record CacheMissEvent(string Channel) : WebhookEvent("cache_miss", Channel);
