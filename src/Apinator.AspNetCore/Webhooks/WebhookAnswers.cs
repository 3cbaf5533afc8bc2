using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The one table from a <see cref="WebhookOutcome"/> to what the world sees of it: the HTTP status,
/// the RFC 7807 problem document (and <c>Retry-After</c>), the log event and the telemetry tag. The
/// store's own events (unreachable, a claim lapsed or lost) are logged where the store is called.
/// </summary>
internal static class WebhookAnswers
{
    /// <summary>Long enough for a brief store outage (a failover, a restart), or a typical handler, to pass.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>One row: <paramref name="Fault"/> marks the delivery's span as an error.</summary>
    private readonly record struct Row(int Status, string Tag, string? Title = null, string? Detail = null, bool RetryAfter = false, bool Fault = false);

    private static Row RowOf(in WebhookPipelineResult result, int maxBodyBytes) => result.Outcome switch
    {
        WebhookOutcome.Handled => new(StatusCodes.Status200OK, "handled"),
        WebhookOutcome.Duplicate => new(StatusCodes.Status200OK, "duplicate"),

        // A delivery in progress elsewhere is the store doing its job, not a fault.
        WebhookOutcome.InProgress => new(StatusCodes.Status503ServiceUnavailable, "in_progress", "Webhook delivery in progress",
            "This delivery is being handled by another request; retry later. It is handled once.", RetryAfter: true),
        WebhookOutcome.StoreUnavailable => new(StatusCodes.Status503ServiceUnavailable, "store_unavailable", "Webhook store unavailable",
            "Deliveries cannot be de-duplicated right now, so this one was not handled; retry later.", RetryAfter: true, Fault: true),
        WebhookOutcome.NotVerified => new(StatusCodes.Status401Unauthorized, "not_verified", "Webhook not verified", result.Detail),

        // Signed but unusable: 400 (not 500), so the service does not retry it forever.
        WebhookOutcome.Malformed => new(StatusCodes.Status400BadRequest, "malformed", "Malformed webhook", result.Detail),
        WebhookOutcome.HandlerFailed => new(StatusCodes.Status500InternalServerError, "handler_failed", "Webhook handler failed",
            "The handler failed; the delivery can be retried.", Fault: true),
        WebhookOutcome.NotRecorded => new(StatusCodes.Status503ServiceUnavailable, "not_recorded", "Webhook not recorded",
            "The delivery was handled but could not be recorded as done; retry later.", RetryAfter: true, Fault: true),
        WebhookOutcome.TooLarge => new(StatusCodes.Status413PayloadTooLarge, "too_large", "Webhook too large",
            $"A webhook delivery is at most {maxBodyBytes} bytes here (ApinatorWebhookOptions.MaxBodyBytes)."),
        WebhookOutcome.UnsupportedMediaType => new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported content type",
            "Webhooks must be sent as application/json."),
        // Nobody reads this answer; 499 is the usual record of a client that closed the request.
        WebhookOutcome.Aborted => new(499, "aborted", "Webhook request aborted", "The request was aborted before it was answered."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, null),
    };

    /// <summary>The HTTP status of an outcome.</summary>
    public static int StatusOf(WebhookOutcome outcome) => RowOf(new WebhookPipelineResult(outcome), 0).Status;

    /// <summary>The telemetry tag (<c>apinator.webhook.outcome</c>) of an outcome.</summary>
    public static string TagOf(WebhookOutcome outcome) => RowOf(new WebhookPipelineResult(outcome), 0).Tag;

    /// <summary>The problem document of an outcome; null for a 200.</summary>
    public static Problem? ProblemOf(in WebhookPipelineResult result, int maxBodyBytes) => ProblemOf(RowOf(result, maxBodyBytes));

    private static Problem? ProblemOf(in Row row) => row.Title is null ? null : new Problem(row.Status, row.Title, row.Detail ?? row.Title);

    /// <summary>Logs the outcome and gives the HTTP answer to send.</summary>
    public static Results<Ok, ProblemResult> Answer(HttpResponse response, in WebhookPipelineResult result, int maxBodyBytes, string handler, ILogger logger)
    {
        Log(logger, result, handler);
        var row = RowOf(result, maxBodyBytes);
        if (row.RetryAfter) response.Headers.RetryAfter = RetryAfterSeconds;
        return ProblemOf(row) is { } problem ? problem.ToResult() : TypedResults.Ok();
    }

    /// <summary>Ends the delivery's span and counts it under its outcome.</summary>
    public static void Record(System.Diagnostics.Activity? activity, WebhookOutcome outcome)
    {
        var row = RowOf(new WebhookPipelineResult(outcome), 0);
        EndpointDiagnostics.EndDelivery(activity, row.Status, row.Tag, row.Fault);
    }

    /// <summary>The outcome's log event, if it has one.</summary>
    public static void Log(ILogger logger, in WebhookPipelineResult result, string handler)
    {
        switch (result.Outcome)
        {
            case WebhookOutcome.NotVerified or WebhookOutcome.Malformed when result.Failure is { } failure:
                WebhookLog.Rejected(logger, failure, result.Detail);
                break;
            case WebhookOutcome.Malformed:
                WebhookLog.Unusable(logger, result.Detail ?? "");
                break;
            case WebhookOutcome.HandlerFailed:
                WebhookLog.HandlerFailed(logger, result.Error!, handler);
                break;
            case WebhookOutcome.Duplicate:
                WebhookLog.Duplicate(logger);
                break;
            case WebhookOutcome.InProgress:
                WebhookLog.InProgress(logger);
                break;
            case WebhookOutcome.NotRecorded:
                WebhookLog.NotRecorded(logger, handler);
                break;
        }
    }
}
