using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace AotApp;

/// <summary>
/// Handles every event by recording it; a channel named <c>fail-…</c> throws (the 500 answer) and
/// one named <c>held-…</c> waits in <see cref="HandlerGate"/> until released (the 503 answer to a copy).
/// </summary>
public sealed class AotWebhookHandler(HandlerGate gate) : IWebhookHandler
{
    public async Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var channel = webhookEvent.Channel;
        if (channel.StartsWith("fail-", StringComparison.Ordinal)) throw new InvalidOperationException("The handler failed on purpose.");
        if (channel.StartsWith("held-", StringComparison.Ordinal)) await gate.HoldAsync(channel, cancellationToken);
        gate.Handled(channel);
    }
}
