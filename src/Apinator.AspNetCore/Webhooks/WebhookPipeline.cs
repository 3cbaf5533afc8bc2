using System.Diagnostics.CodeAnalysis;
using Apinator.AspNetCore.Diagnostics;
using Apinator.Dialects;
using Apinator.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// One delivery, from its raw bytes to its <see cref="WebhookOutcome"/>, without HTTP: the signature
/// over the raw body before any parsing, the age, the body's shape, a claim in the delivery store
/// (so a delivery is handled once across instances), typed dispatch to a handler resolved per
/// delivery with the claim renewed while it runs, then the claim completed (retried while the store
/// is away, still renewed) or, on failure, released. <see cref="WebhookAnswers"/> turns the outcome
/// into an answer.
/// </summary>
internal sealed class WebhookPipeline<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
    WebhookVerifier verifier,
    WebhookParser parser,
    ApinatorWebhookOptions options,
    DeliveryClaims claims,
    ServiceDialect dialect,
    string appId,
    TimeProvider time,
    ILogger logger)
    where THandler : class, IWebhookHandler
{
    /// <summary>The longest a handled delivery waits for the store to record it done, lease permitting.</summary>
    private static readonly TimeSpan MaxCompletionPatience = TimeSpan.FromSeconds(30);

    private static readonly ObjectFactory<THandler> Factory = ActivatorUtilities.CreateFactory<THandler>([]);

    /// <summary>The handler's name, for logs and spans.</summary>
    public static string HandlerName { get; } = typeof(THandler).Name;

    /// <summary>
    /// How long a handled delivery keeps trying to record itself done while the store is away: half a
    /// lease (renewals keep the claim meanwhile, if the store answers them), at most 30 seconds.
    /// </summary>
    private TimeSpan CompletionPatience => options.HandlerLease / 2 < MaxCompletionPatience ? options.HandlerLease / 2 : MaxCompletionPatience;

    /// <summary>Runs one delivery.</summary>
    /// <param name="getHeader">Looks a request header up by name, null when absent.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="services">Where the handler is resolved from (the request's services).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public ValueTask<WebhookPipelineResult> RunAsync(Func<string, string?> getHeader, ReadOnlySpan<byte> body, IServiceProvider services, CancellationToken cancellationToken)
    {
        var verification = verifier.Verify(getHeader, body);
        if (!verification.IsValid)
        {
            var outcome = verification.Failure == WebhookVerificationFailure.Malformed ? WebhookOutcome.Malformed : WebhookOutcome.NotVerified;
            return new(new WebhookPipelineResult(outcome, verification.Message, verification.Failure));
        }

        WebhookDelivery delivery;
        try
        {
            delivery = parser.Parse(body);
        }
        catch (ApinatorValidationException e)
        {
            return new(new WebhookPipelineResult(WebhookOutcome.Malformed, e.Message));
        }

        var key = DeliveryKey.For(dialect, appId, getHeader, body);
        return ClaimAndDispatchAsync(delivery.Events, key, services, cancellationToken);
    }

    /// <summary>
    /// Claimed only now: an unsigned or unusable request must not be able to fill the store or block
    /// the genuine delivery it copies.
    /// </summary>
    private async ValueTask<WebhookPipelineResult> ClaimAndDispatchAsync(IReadOnlyList<WebhookEvent> events, string key, IServiceProvider services, CancellationToken cancellationToken)
    {
        // The lease runs from the claim, so timing starts before it.
        var started = time.GetTimestamp();
        var claim = await claims.TryClaimAsync(key, cancellationToken).ConfigureAwait(false);
        switch (claim?.Status)
        {
            case null when !options.ProcessWhenStoreUnavailable:
                return WebhookOutcome.StoreUnavailable;
            case DeliveryClaimStatus.Done:
                return WebhookOutcome.Duplicate;
            case DeliveryClaimStatus.InProgress:
                return WebhookOutcome.InProgress;
        }

        // Null token: the store could not be reached and the delivery is handled without de-duplication.
        var token = claim?.Token;
        var renewal = token is null ? null : new LeaseRenewal(claims, options.HandlerLease, time, HandlerName, logger, key, token);
        var handled = false;
        try
        {
            if (await DispatchAsync(events, key, renewal, services, cancellationToken).ConfigureAwait(false) is { } failed) return failed;
            handled = true;
            if (token is null) return WebhookOutcome.Handled;

            // Still renewed while the mark is retried: a store that comes back within the lease
            // finds the claim held, and nothing is handled twice.
            renewal!.Finishing();
            switch (await claims.CompleteAsync(key, token, CompletionPatience, cancellationToken).ConfigureAwait(false))
            {
                case null:
                    // Not released: the claim lapses with its lease and the service's retry runs the handler again.
                    return WebhookOutcome.NotRecorded;
                case false:
                    WebhookLog.ClaimLapsed(logger, HandlerName, time.GetElapsedTime(started), options.HandlerLease);
                    break;
            }

            return WebhookOutcome.Handled;
        }
        finally
        {
            if (renewal is not null) await renewal.DisposeAsync().ConfigureAwait(false);

            // Whatever stopped the delivery (a failed handler, a store gone mid-way, an event in
            // progress elsewhere, the request aborted), its retry must be handled.
            if (!handled && token is not null) await claims.ReleaseAsync(key, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the handler on each event; null when all were handled, else the outcome. Marks of events
    /// already handled are done, so a retry skips them; the unfinished event's mark is released.
    /// </summary>
    private async ValueTask<WebhookPipelineResult?> DispatchAsync(
        IReadOnlyList<WebhookEvent> events, string key, LeaseRenewal? renewal, IServiceProvider services, CancellationToken cancellationToken)
    {
        var marks = new EventMarks(claims, renewal, options.ProcessWhenStoreUnavailable, key, events.Count);
        THandler? registered = null;
        THandler? handler = null;
        try
        {
            // Inside the try: a handler whose dependencies cannot be resolved is a failed delivery
            // (logged, 500, retried), not an unhandled exception.
            registered = services.GetService<THandler>();
            handler = registered ?? Factory(services, null);
            for (var i = 0; i < events.Count; i++)
            {
                switch (await marks.BeginAsync(i, cancellationToken).ConfigureAwait(false))
                {
                    case EventMarks.Start.Skip: continue;
                    case EventMarks.Start.InProgress: return WebhookOutcome.InProgress;
                    case EventMarks.Start.StoreUnavailable: return WebhookOutcome.StoreUnavailable;
                }

                await HandleEventAsync(handler, events[i], cancellationToken).ConfigureAwait(false);
                await marks.EndAsync().ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Answered 500 so the service delivers the webhook again.
            return new WebhookPipelineResult(WebhookOutcome.HandlerFailed, Error: e);
        }
        finally
        {
            await marks.ReleaseAsync().ConfigureAwait(false);

            // A handler we created ourselves is ours to dispose; a registered one belongs to the scope.
            if (registered is null && handler is not null)
            {
                if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (handler is IDisposable disposable) disposable.Dispose();
            }
        }
    }

    private static async Task HandleEventAsync(THandler handler, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var span = EndpointDiagnostics.StartHandler(webhookEvent, HandlerName);
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
}
