namespace Apinator.Webhooks;

/// <summary>A parsed webhook delivery: one or more events.</summary>
/// <param name="Time">When the service sent it (<c>time_ms</c>, or the Apinator timestamp header), when known.</param>
/// <param name="Events">The events, in the order sent.</param>
public sealed record WebhookDelivery(DateTimeOffset? Time, IReadOnlyList<WebhookEvent> Events);
