using System.Collections.Concurrent;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>Channels whose next event fails once, shared by every instance of the app in a test.</summary>
public sealed class FailureSchedule
{
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);

    public void FailOnce(string channel) => _failuresLeft[channel] = 1;

    public bool ShouldFail(string channel)
    {
        while (_failuresLeft.TryGetValue(channel, out var left) && left > 0)
        {
            if (_failuresLeft.TryUpdate(channel, left - 1, left)) return true;
        }

        return false;
    }
}

/// <summary>
/// Gates that hold a handler call on a channel until the test opens or fails them: a handler held
/// at one is a delivery in progress, and one never opened is an instance that died mid-handler.
/// Shared by every instance of the app in a test.
/// </summary>
public sealed class HandlerGates
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HandlerGate>> _gates = new(StringComparer.Ordinal);

    /// <summary>Holds the next call on <paramref name="channel"/> (after those already held): one gate, one call.</summary>
    public HandlerGate Close(string channel)
    {
        var gate = new HandlerGate();
        _gates.GetOrAdd(channel, _ => new()).Enqueue(gate);
        return gate;
    }

    public Task PassAsync(string channel, CancellationToken cancellationToken) =>
        _gates.TryGetValue(channel, out var gates) && gates.TryDequeue(out var gate) ? gate.WaitAsync(cancellationToken) : Task.CompletedTask;
}

/// <summary>One held handler call.</summary>
public sealed class HandlerGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handler is held here: the delivery is in progress.</summary>
    public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Lets the handler go on (and succeed, unless the failure schedule says otherwise).</summary>
    public void Open() => _opened.TrySetResult();

    /// <summary>Makes the held handler throw.</summary>
    public void Fail() => _opened.TrySetException(new InvalidOperationException("The handler failed while held."));

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>
/// Records every event it is given (after a short pause, so that concurrent deliveries really
/// overlap), waits where a <see cref="HandlerGates"/> gate is closed, and fails where the
/// <see cref="FailureSchedule"/> says.
/// </summary>
public sealed class FlakyWebhookHandler(WebhookCallLog log, FailureSchedule failures, HandlerGates gates) : IWebhookHandler
{
    public async Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        await gates.PassAsync(webhookEvent.Channel, cancellationToken);
        await Task.Delay(20, cancellationToken);
        if (failures.ShouldFail(webhookEvent.Channel)) throw new InvalidOperationException($"The database is down for {webhookEvent.Channel}.");
        log.Add(nameof(HandleAsync), webhookEvent, Guid.Empty);
    }
}

/// <summary>A store that cannot be reached, as Redis during an outage.</summary>
public sealed class UnreachableDeliveryStore : IWebhookDeliveryStore
{
    public ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        ValueTask.FromException<DeliveryClaim>(new TimeoutException("The store did not answer."));

    public ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken) =>
        ValueTask.FromException<bool>(new TimeoutException("The store did not answer."));

    public ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken) =>
        ValueTask.FromException<bool>(new TimeoutException("The store did not answer."));

    public ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        ValueTask.FromException(new TimeoutException("The store did not answer."));
}
