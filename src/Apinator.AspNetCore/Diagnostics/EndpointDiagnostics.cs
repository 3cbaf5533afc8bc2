using System.Diagnostics;
using System.Diagnostics.Metrics;
using Apinator.Diagnostics;
using Apinator.Validation;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Diagnostics;

/// <summary>
/// Spans and metrics of the endpoints, under the same <see cref="ApinatorTelemetry.Name"/> as the
/// client: auth decisions by outcome and reason, and one span per webhook delivery and per handler
/// call. Tags hold kinds and outcomes only: never a channel name, socket id, user id or secret.
/// </summary>
internal static class EndpointDiagnostics
{
    private static readonly ActivitySource Source = ApinatorTelemetry.ActivitySource;
    private static readonly Counter<long> AuthDecisions = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.auth.decisions", "{decision}", "Channel authorizations and user sign-ins answered, by outcome and reason.");
    private static readonly Counter<long> Deliveries = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.webhook.deliveries", "{delivery}", "Webhook deliveries received, by outcome.");
    private static readonly Counter<long> Events = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.webhook.events", "{event}", "Webhook events passed to the handler, by event name and outcome.");

    /// <summary>Counts one auth answer. <paramref name="reason"/> is a fixed word such as <c>no_rule</c>.</summary>
    public static void AuthDecision(string kind, string? channel, bool granted, string reason)
    {
        if (!AuthDecisions.Enabled) return;
        var tags = new TagList
        {
            { "apinator.auth.kind", kind },
            { "apinator.auth.outcome", granted ? "granted" : "refused" },
            { "apinator.auth.reason", reason },
        };
        if (channel is not null) tags.Add("apinator.channel.type", ChannelType(channel));
        AuthDecisions.Add(1, tags);
    }

    /// <summary>Starts the span of one delivery; null when nobody listens.</summary>
    public static Activity? StartDelivery(string protocol) => !Source.HasListeners() ? null :
        Source.StartActivity("apinator.webhook.receive", ActivityKind.Internal, default(ActivityContext), [new("apinator.protocol", protocol)]);

    /// <summary>
    /// Ends the delivery's span and counts it under <paramref name="outcome"/> (its tag, from
    /// <c>WebhookAnswers</c>); <paramref name="fault"/> marks the span as an error.
    /// </summary>
    public static void EndDelivery(Activity? activity, int status, string outcome, bool fault)
    {
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("apinator.webhook.outcome", outcome);
            if (fault) activity.SetStatus(ActivityStatusCode.Error, outcome);
            activity.Dispose();
        }

        if (Deliveries.Enabled) Deliveries.Add(1, new KeyValuePair<string, object?>("apinator.webhook.outcome", outcome));
    }

    /// <summary>Starts the span of one handler call; null when nobody listens.</summary>
    public static Activity? StartHandler(WebhookEvent webhookEvent, string handler)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity("apinator.webhook.handle " + EventName(webhookEvent), ActivityKind.Internal);
        activity?.SetTag("apinator.webhook.event", EventName(webhookEvent));
        activity?.SetTag("apinator.webhook.handler", handler);
        return activity;
    }

    /// <summary>Ends a handler call's span and counts the event.</summary>
    public static void EndHandler(Activity? activity, WebhookEvent webhookEvent, Exception? failure)
    {
        if (activity is not null)
        {
            if (failure is not null)
            {
                activity.SetTag("error.type", failure.GetType().Name);
                activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            }

            activity.Dispose();
        }

        if (Events.Enabled)
        {
            Events.Add(1, new KeyValuePair<string, object?>("apinator.webhook.event", EventName(webhookEvent)),
                new KeyValuePair<string, object?>("apinator.webhook.outcome", failure is null ? "handled" : "failed"));
        }
    }

    /// <summary>The event's name when it is one the library knows; <c>other</c> otherwise (names come from the sender).</summary>
    private static string EventName(WebhookEvent webhookEvent) => webhookEvent is UnknownWebhookEvent ? "other" : webhookEvent.Name;

    private static string ChannelType(string channel) =>
        channel.StartsWith(Encryption.ChannelEncryption.ChannelPrefix, StringComparison.Ordinal) ? "encrypted"
        : channel.StartsWith(ProtocolRules.PresencePrefix, StringComparison.Ordinal) ? "presence"
        : channel.StartsWith(ProtocolRules.PrivatePrefix, StringComparison.Ordinal) ? "private"
        : "other";
}
