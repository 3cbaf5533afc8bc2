using System.Runtime.CompilerServices;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.EndToEnd.Hosting;

/// <summary>The test app's webhook handler (scoped): records each typed call in the <see cref="WebhookSink"/>.</summary>
public sealed class RecordingWebhookHandler(WebhookSink sink) : IWebhookHandler
{
    /// <inheritdoc />
    public Task OnChannelOccupied(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnChannelVacated(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnMemberRemoved(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnClientEvent(ClientEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnSubscriptionCount(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnCacheMiss(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public Task OnOtherEvent(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    private Task Record(WebhookEvent webhookEvent, [CallerMemberName] string method = "")
    {
        sink.Handled.Add(new HandledWebhook(method, webhookEvent));
        return Task.CompletedTask;
    }
}
