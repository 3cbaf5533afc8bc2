using Apinator.Webhooks;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>What <see cref="WebhookPipeline{THandler}"/> found: the outcome and what its answer and log need.</summary>
/// <param name="Outcome">How the delivery ended.</param>
/// <param name="Detail">Why a verified-or-not delivery was refused (the verifier's or parser's message); null otherwise.</param>
/// <param name="Failure">The verifier's reason, when it refused the delivery.</param>
/// <param name="Error">The handler's exception, for <see cref="WebhookOutcome.HandlerFailed"/>.</param>
internal readonly record struct WebhookPipelineResult(
    WebhookOutcome Outcome, string? Detail = null, WebhookVerificationFailure? Failure = null, Exception? Error = null)
{
    public static implicit operator WebhookPipelineResult(WebhookOutcome outcome) => new(outcome);
}
