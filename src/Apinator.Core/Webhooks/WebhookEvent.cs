namespace Apinator.Webhooks;

/// <summary>One event of a webhook delivery. Switch on the subtype, or read <see cref="Name"/>.</summary>
/// <param name="Name">The event's name as sent (e.g. <c>channel_occupied</c>).</param>
/// <param name="Channel">The channel it concerns.</param>
public abstract record WebhookEvent(string Name, string Channel);
