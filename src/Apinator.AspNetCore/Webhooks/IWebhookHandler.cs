using Apinator.Webhooks;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Receives verified webhook events, one typed method per event kind. Implement only the methods
/// you need: the others do nothing. Resolved from dependency injection once per delivery (scoped),
/// so it may take scoped services such as a DbContext. A method that throws makes the endpoint
/// answer 500, so the service delivers again.
/// </summary>
public interface IWebhookHandler
{
    /// <summary>A channel got its first subscriber.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnChannelOccupied(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A channel lost its last subscriber.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnChannelVacated(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A user joined a presence channel.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A user left a presence channel.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnMemberRemoved(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A client sent a <c>client-</c> event.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnClientEvent(ClientEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A channel's subscriber count changed.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnSubscriptionCount(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A cache channel had nothing cached.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnCacheMiss(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Any event without a method of its own (unknown names arrive as <see cref="UnknownWebhookEvent"/>).</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task OnOtherEvent(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
