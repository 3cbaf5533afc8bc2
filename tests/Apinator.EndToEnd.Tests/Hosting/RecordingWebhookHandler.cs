using System.Runtime.CompilerServices;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.EndToEnd.Hosting;

/// <summary>The test app's webhook handler (scoped): records each typed call in the <see cref="WebhookSink"/>.</summary>
public sealed class RecordingWebhookHandler(WebhookSink sink) : WebhookHandler
{
    /// <inheritdoc />
    public override Task OnChannelOccupiedAsync(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnChannelVacatedAsync(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnMemberAddedAsync(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnMemberRemovedAsync(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnClientEventAsync(ClientEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnSubscriptionCountAsync(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnCacheMissAsync(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    /// <inheritdoc />
    public override Task OnOtherEventAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Record(webhookEvent);

    private Task Record(WebhookEvent webhookEvent, [CallerMemberName] string method = "")
    {
        sink.Handled.Add(new HandledWebhook(method, webhookEvent));
        return Task.CompletedTask;
    }
}
