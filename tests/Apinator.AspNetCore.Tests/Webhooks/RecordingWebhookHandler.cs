using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>Records every typed call, with which instance handled it.</summary>
public sealed class RecordingWebhookHandler(WebhookCallLog log) : WebhookHandler, IDisposable
{
    public Guid Instance { get; } = Guid.NewGuid();

    public override Task OnChannelOccupiedAsync(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnChannelOccupiedAsync), webhookEvent);

    public override Task OnChannelVacatedAsync(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnChannelVacatedAsync), webhookEvent);

    public override Task OnMemberAddedAsync(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnMemberAddedAsync), webhookEvent);

    public override Task OnMemberRemovedAsync(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnMemberRemovedAsync), webhookEvent);

    public override Task OnClientEventAsync(ClientEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnClientEventAsync), webhookEvent);

    public override Task OnSubscriptionCountAsync(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnSubscriptionCountAsync), webhookEvent);

    public override Task OnCacheMissAsync(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnCacheMissAsync), webhookEvent);

    public override Task OnOtherEventAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnOtherEventAsync), webhookEvent);

    public void Dispose() => log.AddDisposed(Instance);

    private Task Record(string method, WebhookEvent webhookEvent)
    {
        log.Add(method, webhookEvent, Instance);
        return Task.CompletedTask;
    }
}

/// <summary>Never registered: the endpoint must create it with its constructor dependencies.</summary>
public sealed class ConstructedWebhookHandler(WebhookCallLog log, TimeProvider time) : WebhookHandler, IDisposable
{
    public Guid Instance { get; } = Guid.NewGuid();

    public TimeProvider Time { get; } = time;

    public override Task OnMemberAddedAsync(MemberAddedEvent webhookEvent, CancellationToken cancellationToken)
    {
        log.Add(nameof(OnMemberAddedAsync), webhookEvent, Instance);
        return Task.CompletedTask;
    }

    public void Dispose() => log.AddDisposed(Instance);
}

/// <summary>Fails on channel_occupied, as a handler whose database is down would.</summary>
public sealed class ThrowingWebhookHandler(WebhookCallLog log) : WebhookHandler
{
    public override Task OnChannelOccupiedAsync(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The database is down.");

    public override Task OnMemberAddedAsync(MemberAddedEvent webhookEvent, CancellationToken cancellationToken)
    {
        log.Add(nameof(OnMemberAddedAsync), webhookEvent, Guid.Empty);
        return Task.CompletedTask;
    }
}
