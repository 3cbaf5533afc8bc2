using System.Diagnostics.CodeAnalysis;
using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
// Problems are written with the library's own JSON contract (see ProblemResult), not the app's JsonOptions.
using ProblemHttpResult = Apinator.AspNetCore.Http.ProblemResult;

namespace Apinator.AspNetCore.Endpoints;

/// <summary>
/// The webhook endpoint's handler: size and content-type checks, signature over the raw body
/// before any parsing, age check, a claim in the delivery store (so a delivery is handled once across
/// instances: a copy arriving while it is handled is answered 503, one arriving after 200), then
/// typed dispatch to a handler resolved per delivery, the claim renewed while it runs, and the claim
/// completed (or, on failure, released).
/// </summary>
internal sealed class WebhookEndpoint<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
    WebhookVerifier verifier,
    WebhookParser parser,
    ApinatorWebhookOptions options,
    DeliveryClaims claims,
    ApinatorProtocol protocol,
    string appId,
    TimeProvider time,
    ILogger logger)
    where THandler : class, IWebhookHandler
{
    /// <summary>Long enough for a brief store outage (a failover, a restart), or a typical handler, to pass.</summary>
    private const string RetryAfterSeconds = "5";

    /// <summary>The span's outcome when the answer's status alone does not tell it.</summary>
    private const string Duplicate = "duplicate", InProgress = "in_progress";

    private readonly string _protocolName = protocol.ToString();

    private static readonly ObjectFactory<THandler> Factory = ActivatorUtilities.CreateFactory<THandler>([]);

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        var activity = EndpointDiagnostics.StartDelivery(_protocolName);
        var status = StatusCodes.Status500InternalServerError;
        string? outcome = null;
        try
        {
            (var result, outcome) = await HandleCoreAsync(context).ConfigureAwait(false);
            status = result.Result is ProblemHttpResult problem ? problem.StatusCode : StatusCodes.Status200OK;
            return result;
        }
        finally
        {
            EndpointDiagnostics.EndDelivery(activity, status, outcome);
        }
    }

    private async Task<(Results<Ok, ProblemHttpResult> Result, string? Outcome)> HandleCoreAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RequestBody.IsJson(request))
        {
            return (new Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Webhooks must be sent as application/json.").ToResult(), null);
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (new Problem(StatusCodes.Status413PayloadTooLarge, "Webhook too large", $"A webhook delivery is at most {options.MaxBodyBytes} bytes here (ApinatorWebhookOptions.MaxBodyBytes).").ToResult(), null);
        }

        var headers = request.Headers;
        var verification = verifier.Verify(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body.Span);
        if (!verification.IsValid)
        {
            WebhookLog.Rejected(logger, verification.Failure, verification.Message);
            return (verification.Failure == WebhookVerificationFailure.Malformed
                ? new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", verification.Message!).ToResult()
                : new Problem(StatusCodes.Status401Unauthorized, "Webhook not verified", verification.Message!).ToResult(), null);
        }

        WebhookDelivery delivery;
        try
        {
            delivery = parser.Parse(body.Span);
        }
        catch (ApinatorValidationException e)
        {
            // Signed but unusable: 400 (not 500), so the service does not retry it forever.
            WebhookLog.Unusable(logger, e.Message);
            return (new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", e.Message).ToResult(), null);
        }

        var cancellationToken = context.RequestAborted;
        var key = DeliveryKey.For(protocol, appId, headers.TryGetValue("X-Realtime-Timestamp", out var timestamp) ? timestamp.ToString() : null, body.Span);

        // Claimed only now: an unsigned or unusable request must not be able to fill the store or
        // block the genuine delivery it copies. The lease runs from the claim, so timing starts before it.
        var started = time.GetTimestamp();
        var claim = await claims.TryClaimAsync(key, cancellationToken).ConfigureAwait(false);
        switch (claim?.Status)
        {
            case null when !options.ProcessWhenStoreUnavailable:
                return (StoreUnavailable(context), null);
            case DeliveryClaimStatus.Done:
                WebhookLog.Duplicate(logger);
                return (TypedResults.Ok(), Duplicate);
            case DeliveryClaimStatus.InProgress:
                return (BeingHandled(context), InProgress);
        }

        // Null token: the store could not be reached and the delivery is handled without de-duplication.
        var token = claim?.Token;
        if (await DispatchAsync(context, delivery.Events, key, token, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return (failed.Problem, failed.Outcome);
        }

        // Renewed while handled, so the claim is lost only when renewals failed for a whole lease.
        if (token is not null && !await claims.CompleteAsync(key, token).ConfigureAwait(false))
        {
            WebhookLog.ClaimLapsed(logger, typeof(THandler).Name, time.GetElapsedTime(started), options.HandlerLease);
        }

        return (TypedResults.Ok(), null);
    }

    /// <summary>
    /// Runs the handler on each event; null when all were handled, else the answer to give. Whatever
    /// stops the delivery (a failed handler, a store gone mid-way, an event in progress elsewhere,
    /// the request aborted), its retry must be handled: the claim and the unfinished event's mark
    /// are released. Marks of events already handled are done, so the retry skips them. Until then
    /// both claims are renewed, and renewing stops before they are completed or released.
    /// </summary>
    private async Task<(ProblemHttpResult Problem, string? Outcome)?> DispatchAsync(
        HttpContext context, IReadOnlyList<WebhookEvent> events, string key, string? token, CancellationToken cancellationToken)
    {
        var deduplicating = token is not null;
        var handled = false;
        (string Key, string Token)? mark = null;
        var services = context.RequestServices;
        THandler? registered = null;
        THandler? handler = null;
        LeaseRenewal? renewal = null;
        try
        {
            renewal = token is null ? null : new LeaseRenewal(claims, options.HandlerLease, time, typeof(THandler).Name, logger, key, token);

            // Inside the try: a handler whose dependencies cannot be resolved is a failed delivery
            // (logged, 500, retried), not an unhandled exception.
            registered = services.GetService<THandler>();
            handler = registered ?? Factory(services, null);
            for (var i = 0; i < events.Count; i++)
            {
                // Progress marks only where a retry could repeat part of the work: a delivery of
                // several events whose handler failed (or whose instance died) part-way.
                if (deduplicating && events.Count > 1)
                {
                    var markKey = DeliveryKey.ForEvent(key, i);
                    var markClaim = await claims.TryClaimAsync(markKey, cancellationToken).ConfigureAwait(false);
                    if (markClaim is null)
                    {
                        if (!options.ProcessWhenStoreUnavailable) return (StoreUnavailable(context), null);
                        deduplicating = false;
                    }
                    else if (markClaim.Status == DeliveryClaimStatus.Done)
                    {
                        continue;
                    }
                    else if (!markClaim.IsClaimed)
                    {
                        return (BeingHandled(context), InProgress);
                    }
                    else
                    {
                        mark = (markKey, markClaim.Token);
                        renewal?.Hold(markKey, markClaim.Token);
                    }
                }

                await HandleEventAsync(handler, events[i], cancellationToken).ConfigureAwait(false);
                if (mark is { } done)
                {
                    mark = null;
                    renewal?.LetGo(done.Key);
                    await claims.CompleteAsync(done.Key, done.Token).ConfigureAwait(false);
                }
            }

            handled = true;
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Answer 500 so the service delivers the webhook again.
            WebhookLog.HandlerFailed(logger, e, typeof(THandler).Name);
            return (new Problem(StatusCodes.Status500InternalServerError, "Webhook handler failed", "The handler failed; the delivery can be retried.").ToResult(), null);
        }
        finally
        {
            if (renewal is not null) await renewal.DisposeAsync().ConfigureAwait(false);

            // A handler we created ourselves is ours to dispose; a registered one belongs to the scope.
            if (registered is null && handler is not null)
            {
                if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (handler is IDisposable disposable) disposable.Dispose();
            }

            if (!handled && token is not null)
            {
                if (mark is { } unfinished) await claims.ReleaseAsync(unfinished.Key, unfinished.Token).ConfigureAwait(false);
                await claims.ReleaseAsync(key, token).ConfigureAwait(false);
            }
        }
    }

    private static async Task HandleEventAsync(THandler handler, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var span = EndpointDiagnostics.StartHandler(webhookEvent, typeof(THandler).Name);
        try
        {
            await handler.HandleAsync(webhookEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            EndpointDiagnostics.EndHandler(span, webhookEvent, e);
            throw;
        }

        EndpointDiagnostics.EndHandler(span, webhookEvent, null);
    }

    /// <summary>Another attempt holds the delivery (or one of its events): not handled here, not acknowledged, retried later.</summary>
    private ProblemHttpResult BeingHandled(HttpContext context)
    {
        WebhookLog.InProgress(logger);
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return new Problem(StatusCodes.Status503ServiceUnavailable, "Webhook delivery in progress",
            "This delivery is being handled by another request; retry later. It is handled once.").ToResult();
    }

    private static ProblemHttpResult StoreUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return new Problem(StatusCodes.Status503ServiceUnavailable, "Webhook store unavailable",
            "Deliveries cannot be de-duplicated right now, so this one was not handled; retry later.").ToResult();
    }
}
