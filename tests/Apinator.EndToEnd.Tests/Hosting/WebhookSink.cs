using Apinator.EndToEnd.Observing;

namespace Apinator.EndToEnd.Hosting;

/// <summary>What reached the test app's webhook endpoint: raw deliveries and typed handler calls. A singleton.</summary>
public sealed class WebhookSink
{
    /// <summary>Every handler call, in order.</summary>
    public AsyncLog<HandledWebhook> Handled { get; } = new("webhook handler");

    /// <summary>Every POST to the webhook endpoint, with the status it got.</summary>
    public AsyncLog<CapturedDelivery> Deliveries { get; } = new("webhook endpoint");
}
