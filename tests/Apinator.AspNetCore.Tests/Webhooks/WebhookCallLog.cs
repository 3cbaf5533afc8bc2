using System.Collections.Concurrent;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>What the test handlers were asked to do, shared across requests (a singleton).</summary>
public sealed class WebhookCallLog
{
    private readonly ConcurrentQueue<WebhookCall> _calls = new();
    private readonly ConcurrentQueue<Guid> _disposed = new();

    public IReadOnlyList<WebhookCall> Calls => [.. _calls];

    public IReadOnlyList<Guid> Disposed => [.. _disposed];

    public void Add(string method, WebhookEvent webhookEvent, Guid handler) => _calls.Enqueue(new WebhookCall(method, webhookEvent, handler));

    public void AddDisposed(Guid handler) => _disposed.Enqueue(handler);
}

/// <summary>One typed method call.</summary>
public sealed record WebhookCall(string Method, WebhookEvent Event, Guid Handler);
