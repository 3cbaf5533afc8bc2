namespace Apinator.Webhooks;

/// <summary>One event of a webhook delivery. Switch on the subtype, or read <see cref="Name"/>.</summary>
/// <param name="Name">The event's name as sent (e.g. <c>channel_occupied</c>).</param>
/// <param name="Channel">The channel it concerns.</param>
public abstract record WebhookEvent(string Name, string Channel);

/// <summary>A channel got its first subscriber.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelOccupiedEvent(string Channel) : WebhookEvent("channel_occupied", Channel);

/// <summary>A channel lost its last subscriber.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelVacatedEvent(string Channel) : WebhookEvent("channel_vacated", Channel);

/// <summary>A user joined a presence channel.</summary>
/// <param name="Channel">The presence channel.</param>
/// <param name="UserId">The member's id.</param>
public sealed record MemberAddedEvent(string Channel, string UserId) : WebhookEvent("member_added", Channel)
{
    /// <summary>The member's <c>user_info</c> as raw JSON (an object) when the service sent it (Apinator does; Pusher does not).</summary>
    public string? UserInfoJson { get; init; }
}

/// <summary>A user left a presence channel.</summary>
/// <param name="Channel">The presence channel.</param>
/// <param name="UserId">The member's id.</param>
public sealed record MemberRemovedEvent(string Channel, string UserId) : WebhookEvent("member_removed", Channel)
{
    /// <summary>The member's <c>user_info</c> as raw JSON (an object) when the service sent it.</summary>
    public string? UserInfoJson { get; init; }
}

/// <summary>
/// A client sent a <c>client-</c> event on a private or presence channel. On an encrypted channel
/// <see cref="Data"/> is the decrypted plaintext when the master key is known; when it is not, or
/// decryption fails, <see cref="Data"/> is null and <see cref="DecryptionError"/> says why.
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="EventName">The client event's name (e.g. <c>client-typing</c>).</param>
/// <param name="Data">The event's data as text, or null.</param>
/// <param name="SocketId">The sender's socket id, when sent.</param>
/// <param name="UserId">The sender's user id on presence channels, when sent.</param>
public sealed record ClientEvent(string Channel, string EventName, string? Data, string? SocketId, string? UserId) : WebhookEvent("client_event", Channel)
{
    /// <summary>Why the data of an encrypted channel could not be decrypted; null otherwise.</summary>
    public string? DecryptionError { get; init; }
}

/// <summary>A client subscribed to a cache channel that had no cached event.</summary>
/// <param name="Channel">The cache channel.</param>
public sealed record CacheMissEvent(string Channel) : WebhookEvent("cache_miss", Channel);

/// <summary>A channel's subscriber count changed.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="SubscriptionCount">The new count.</param>
public sealed record SubscriptionCountEvent(string Channel, int SubscriptionCount) : WebhookEvent("subscription_count", Channel);

/// <summary>An event this library does not know, kept with its raw JSON.</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Channel">The channel, or empty.</param>
/// <param name="RawJson">The event object's JSON text.</param>
public sealed record UnknownWebhookEvent(string Name, string Channel, string RawJson) : WebhookEvent(Name, Channel);
