namespace Apinator.Webhooks;

/// <summary>An event this library does not know, kept with its raw JSON.</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Channel">The channel, or empty.</param>
/// <param name="RawJson">The event object's JSON text.</param>
public sealed record UnknownWebhookEvent(string Name, string Channel, string RawJson) : WebhookEvent(Name, Channel);
