using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>Records every typed call, with which instance handled it.</summary>
public sealed class RecordingWebhookHandler(WebhookCallLog log) : IWebhookHandler, IDisposable
{
    public Guid Instance { get; } = Guid.NewGuid();

    public Task OnChannelOccupied(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnChannelOccupied), webhookEvent);

    public Task OnChannelVacated(ChannelVacatedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnChannelVacated), webhookEvent);

    public Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnMemberAdded), webhookEvent);

    public Task OnMemberRemoved(MemberRemovedEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnMemberRemoved), webhookEvent);

    public Task OnClientEvent(ClientEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnClientEvent), webhookEvent);

    public Task OnSubscriptionCount(SubscriptionCountEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnSubscriptionCount), webhookEvent);

    public Task OnCacheMiss(CacheMissEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnCacheMiss), webhookEvent);

    public Task OnOtherEvent(WebhookEvent webhookEvent, CancellationToken cancellationToken) => Record(nameof(OnOtherEvent), webhookEvent);

    public void Dispose() => log.AddDisposed(Instance);

    private Task Record(string method, WebhookEvent webhookEvent)
    {
        log.Add(method, webhookEvent, Instance);
        return Task.CompletedTask;
    }
}

/// <summary>Never registered: the endpoint must create it with its constructor dependencies.</summary>
public sealed class ConstructedWebhookHandler(WebhookCallLog log, TimeProvider time) : IWebhookHandler, IDisposable
{
    public Guid Instance { get; } = Guid.NewGuid();

    public TimeProvider Time { get; } = time;

    public Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken)
    {
        log.Add(nameof(OnMemberAdded), webhookEvent, Instance);
        return Task.CompletedTask;
    }

    public void Dispose() => log.AddDisposed(Instance);
}

/// <summary>Fails on channel_occupied, as a handler whose database is down would.</summary>
public sealed class ThrowingWebhookHandler(WebhookCallLog log) : IWebhookHandler
{
    public Task OnChannelOccupied(ChannelOccupiedEvent webhookEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The database is down.");

    public Task OnMemberAdded(MemberAddedEvent webhookEvent, CancellationToken cancellationToken)
    {
        log.Add(nameof(OnMemberAdded), webhookEvent, Guid.Empty);
        return Task.CompletedTask;
    }
}
