using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace MinimalApi.Activity;

/// <summary>Records every webhook event in the <see cref="ActivityLog"/>.</summary>
public sealed class ActivityWebhookHandler(ActivityLog log) : IWebhookHandler
{
    public Task OnChannelOccupied(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, null);

    public Task OnChannelVacated(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, null);

    public Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, webhookEvent.UserId);

    public Task OnMemberRemoved(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, webhookEvent.UserId);

    public Task OnClientEvent(ClientEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, webhookEvent.UserId);

    public Task OnSubscriptionCount(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, null);

    public Task OnOtherEvent(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent, null);

    private Task Record(WebhookEvent webhookEvent, string? userId)
    {
        log.Add(webhookEvent.Name, webhookEvent.Channel, userId);
        return Task.CompletedTask;
    }
}
