using Apinator.Webhooks;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// A webhook handler with one virtual method per event kind: override the ones you need, the others
/// do nothing. A base class rather than default interface methods, so that a misspelt method fails to
/// compile (<c>override</c>) instead of silently never being called. Resolved from dependency
/// injection once per delivery (scoped), so it may take scoped services such as a DbContext.
/// </summary>
public abstract class WebhookHandler : IWebhookHandler
{
    /// <summary>Calls the method of the event's kind.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>The method's task.</returns>
    public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return webhookEvent switch
        {
            ChannelOccupiedEvent e => OnChannelOccupiedAsync(e, cancellationToken),
            ChannelVacatedEvent e => OnChannelVacatedAsync(e, cancellationToken),
            MemberAddedEvent e => OnMemberAddedAsync(e, cancellationToken),
            MemberRemovedEvent e => OnMemberRemovedAsync(e, cancellationToken),
            ClientEvent e => OnClientEventAsync(e, cancellationToken),
            SubscriptionCountEvent e => OnSubscriptionCountAsync(e, cancellationToken),
            CacheMissEvent e => OnCacheMissAsync(e, cancellationToken),
            _ => OnOtherEventAsync(webhookEvent, cancellationToken),
        };
    }

    /// <summary>A channel got its first subscriber.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnChannelOccupiedAsync(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A channel lost its last subscriber.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnChannelVacatedAsync(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A user joined a presence channel.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnMemberAddedAsync(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A user left a presence channel.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnMemberRemovedAsync(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A client sent a <c>client-</c> event.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnClientEventAsync(ClientEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A channel's subscriber count changed.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnSubscriptionCountAsync(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A cache channel had nothing cached.</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnCacheMissAsync(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Any event without a method of its own (unknown names arrive as <see cref="UnknownWebhookEvent"/>).</summary>
    /// <param name="webhookEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    public virtual Task OnOtherEventAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
