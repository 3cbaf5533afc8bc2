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
/// Records every event it is given (after a short pause, so that concurrent deliveries really
/// overlap) and fails where the <see cref="FailureSchedule"/> says.
/// </summary>
public sealed class FlakyWebhookHandler(WebhookCallLog log, FailureSchedule failures) : IWebhookHandler
{
    public async Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        if (failures.ShouldFail(webhookEvent.Channel)) throw new InvalidOperationException($"The database is down for {webhookEvent.Channel}.");
        log.Add(nameof(HandleAsync), webhookEvent, Guid.Empty);
    }
}

/// <summary>A store that cannot be reached, as Redis during an outage.</summary>
public sealed class UnreachableDeliveryStore : IWebhookDeliveryStore
{
    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) =>
        ValueTask.FromException<bool>(new TimeoutException("The store did not answer."));

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromException(new TimeoutException("The store did not answer."));
}
