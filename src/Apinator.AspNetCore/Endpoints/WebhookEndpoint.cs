using System.Diagnostics.CodeAnalysis;
using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Endpoints;

/// <summary>
/// The webhook endpoint's handler: size and content-type checks, signature over the raw body
/// before any parsing, age check, a claim in the delivery store (so a delivery is handled once across
/// instances), then typed dispatch to a handler resolved per delivery.
/// </summary>
internal sealed class WebhookEndpoint<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
    WebhookVerifier verifier,
    WebhookParser parser,
    ApinatorWebhookOptions options,
    IWebhookDeliveryStore store,
    ApinatorProtocol protocol,
    string appId,
    ILogger logger)
    where THandler : class, IWebhookHandler
{
    /// <summary>Long enough for a brief store outage (a failover, a restart) to pass.</summary>
    private const string RetryAfterSeconds = "5";

    private readonly string _protocolName = protocol.ToString();

    private static readonly ObjectFactory<THandler> Factory = ActivatorUtilities.CreateFactory<THandler>([]);

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        var activity = EndpointDiagnostics.StartDelivery(_protocolName);
        var status = StatusCodes.Status500InternalServerError;
        var duplicate = false;
        try
        {
            (var result, duplicate) = await HandleCoreAsync(context).ConfigureAwait(false);
            status = result.Result is ProblemHttpResult problem ? problem.StatusCode : StatusCodes.Status200OK;
            return result;
        }
        finally
        {
            EndpointDiagnostics.EndDelivery(activity, status, duplicate);
        }
    }

    private async Task<(Results<Ok, ProblemHttpResult> Result, bool Duplicate)> HandleCoreAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RequestBody.IsJson(request))
        {
            return (new Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Webhooks must be sent as application/json.").ToResult(), false);
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (new Problem(StatusCodes.Status413PayloadTooLarge, "Webhook too large", $"A webhook delivery is at most {options.MaxBodyBytes} bytes here (ApinatorWebhookOptions.MaxBodyBytes).").ToResult(), false);
        }

        var headers = request.Headers;
        var verification = verifier.Verify(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body.Span);
        if (!verification.IsValid)
        {
            WebhookLog.Rejected(logger, verification.Failure, verification.Message);
            return (verification.Failure == WebhookVerificationFailure.Malformed
                ? new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", verification.Message!).ToResult()
                : new Problem(StatusCodes.Status401Unauthorized, "Webhook not verified", verification.Message!).ToResult(), false);
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
            return (new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", e.Message).ToResult(), false);
        }

        var cancellationToken = context.RequestAborted;
        var key = DeliveryKey.For(protocol, appId, headers.TryGetValue("X-Realtime-Timestamp", out var timestamp) ? timestamp.ToString() : null, body.Span);
        var ttl = options.ClaimTimeToLive;

        // Claimed only now: an unsigned or unusable request must not be able to fill the store or
        // block the genuine delivery it copies.
        var claim = await ClaimAsync(key, ttl, cancellationToken).ConfigureAwait(false);
        if (claim == Claim.Taken)
        {
            WebhookLog.Duplicate(logger);
            return (TypedResults.Ok(), true);
        }

        if (claim == Claim.StoreUnavailable && !options.ProcessWhenStoreUnavailable)
        {
            return (StoreUnavailable(context), false);
        }

        var claimed = claim == Claim.Claimed;
        var deduplicating = claimed;
        var handled = false;
        string? eventKey = null;
        var services = context.RequestServices;
        THandler? registered = null;
        THandler? handler = null;
        try
        {
            // Inside the try: a handler whose dependencies cannot be resolved is a failed delivery
            // (logged, 500, retried), not an unhandled exception.
            registered = services.GetService<THandler>();
            handler = registered ?? Factory(services, null);
            var events = delivery.Events;
            for (var i = 0; i < events.Count; i++)
            {
                eventKey = null;
                // Progress marks only where a retry could repeat part of the work: a delivery of
                // several events whose handler failed part-way.
                if (deduplicating && events.Count > 1)
                {
                    var mark = DeliveryKey.ForEvent(key, i);
                    var eventClaim = await ClaimAsync(mark, ttl, cancellationToken).ConfigureAwait(false);
                    if (eventClaim == Claim.Taken) continue;
                    if (eventClaim == Claim.StoreUnavailable)
                    {
                        if (!options.ProcessWhenStoreUnavailable) return (StoreUnavailable(context), false);
                        deduplicating = false;
                    }
                    else
                    {
                        eventKey = mark;
                    }
                }

                var span = EndpointDiagnostics.StartHandler(events[i], typeof(THandler).Name);
                try
                {
                    await handler.HandleAsync(events[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    EndpointDiagnostics.EndHandler(span, events[i], e);
                    throw;
                }

                EndpointDiagnostics.EndHandler(span, events[i], null);
            }

            handled = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Answer 500 so the service delivers the webhook again.
            WebhookLog.HandlerFailed(logger, e, typeof(THandler).Name);
            return (new Problem(StatusCodes.Status500InternalServerError, "Webhook handler failed", "The handler failed; the delivery can be retried.").ToResult(), false);
        }
        finally
        {
            // A handler we created ourselves is ours to dispose; a registered one belongs to the scope.
            if (registered is null && handler is not null)
            {
                if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (handler is IDisposable disposable) disposable.Dispose();
            }

            // Whatever stopped the delivery (a failed handler, a store gone mid-way, the request
            // aborted), its retry must be handled: forget the claim and the unfinished event's mark.
            // Marks of events already handled stay, so the retry skips them.
            if (!handled && claimed)
            {
                if (eventKey is not null) await ReleaseAsync(eventKey).ConfigureAwait(false);
                await ReleaseAsync(key).ConfigureAwait(false);
            }
        }

        return (TypedResults.Ok(), false);
    }

    private async ValueTask<Claim> ClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            return await store.TryClaimAsync(key, ttl, cancellationToken).ConfigureAwait(false) ? Claim.Claimed : Claim.Taken;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.StoreUnavailable(logger, e, store.GetType().Name, options.ProcessWhenStoreUnavailable);
            return Claim.StoreUnavailable;
        }
    }

    private async ValueTask ReleaseAsync(string key)
    {
        try
        {
            // Not the request's token: an aborted request must still give its claim back.
            await store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The claim then lapses after its time to live; retries until then are taken as duplicates.
            WebhookLog.ReleaseFailed(logger, e, store.GetType().Name);
        }
    }

    private static ProblemHttpResult StoreUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return new Problem(StatusCodes.Status503ServiceUnavailable, "Webhook store unavailable",
            "Deliveries cannot be de-duplicated right now, so this one was not handled; retry later.").ToResult();
    }

    private enum Claim
    {
        Claimed,
        Taken,
        StoreUnavailable,
    }
}
