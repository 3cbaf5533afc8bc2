using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace MinimalApi.Activity;

/// <summary>
/// Records every webhook event in the <see cref="ActivityLog"/>. It sees every kind alike, so it
/// implements <see cref="IWebhookHandler"/> itself rather than overriding <see cref="WebhookHandler"/>'s methods.
/// </summary>
public sealed class ActivityWebhookHandler(ActivityLog log) : IWebhookHandler
{
    public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var userId = webhookEvent switch
        {
            MemberAddedEvent e => e.UserId,
            MemberRemovedEvent e => e.UserId,
            ClientEvent e => e.UserId,
            _ => null,
        };
        log.Add(webhookEvent.Name, webhookEvent.Channel, userId);
        return Task.CompletedTask;
    }
}
