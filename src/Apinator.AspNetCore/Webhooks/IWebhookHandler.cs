using Apinator.Webhooks;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Receives each verified webhook event. Most apps derive from <see cref="WebhookHandler"/>, which
/// dispatches to one overridable method per event kind; implement this interface directly to see
/// every event in one place.
/// </summary>
public interface IWebhookHandler
{
    /// <summary>Handles one event of a delivery. Throwing makes the endpoint answer 500, so the service delivers again.</summary>
    /// <param name="webhookEvent">The event; switch on its type.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
