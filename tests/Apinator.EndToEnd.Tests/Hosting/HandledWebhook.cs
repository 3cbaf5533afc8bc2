using Apinator.Webhooks;

namespace Apinator.EndToEnd.Hosting;

/// <summary>One call of a typed webhook handler method.</summary>
/// <param name="Method">The <c>IWebhookHandler</c> method that ran, e.g. <c>OnMemberAdded</c>.</param>
/// <param name="Event">The event it got.</param>
public sealed record HandledWebhook(string Method, WebhookEvent Event);
