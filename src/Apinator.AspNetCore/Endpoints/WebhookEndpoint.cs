using System.Diagnostics.CodeAnalysis;
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
/// before any parsing, age check, then typed dispatch to a handler resolved per delivery.
/// </summary>
internal sealed partial class WebhookEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(WebhookVerifier verifier, WebhookParser parser, ApinatorWebhookOptions options, ILogger logger)
    where THandler : class, IWebhookHandler
{
    private static readonly ObjectFactory<THandler> Factory = ActivatorUtilities.CreateFactory<THandler>([]);

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RequestBody.IsJson(request))
        {
            return new Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Webhooks must be sent as application/json.").ToResult();
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return new Problem(StatusCodes.Status413PayloadTooLarge, "Webhook too large", $"A webhook delivery is at most {options.MaxBodyBytes} bytes here (ApinatorWebhookOptions.MaxBodyBytes).").ToResult();
        }

        var headers = request.Headers;
        var verification = verifier.Verify(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body.Span);
        if (!verification.IsValid)
        {
            LogRejected(logger, verification.Failure, verification.Message);
            return verification.Failure == WebhookVerificationFailure.Malformed
                ? new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", verification.Message!).ToResult()
                : new Problem(StatusCodes.Status401Unauthorized, "Webhook not verified", verification.Message!).ToResult();
        }

        WebhookDelivery delivery;
        try
        {
            delivery = parser.Parse(body.Span);
        }
        catch (ApinatorValidationException e)
        {
            // Signed but unusable: 400 (not 500), so the service does not retry it forever.
            LogUnusable(logger, e.Message);
            return new Problem(StatusCodes.Status400BadRequest, "Malformed webhook", e.Message).ToResult();
        }

        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        THandler? registered = null;
        THandler? handler = null;
        try
        {
            // Inside the try: a handler whose dependencies cannot be resolved is a failed delivery
            // (logged, 500, retried), not an unhandled exception.
            registered = services.GetService<THandler>();
            handler = registered ?? Factory(services, null);
            foreach (var webhookEvent in delivery.Events)
            {
                await handler.HandleAsync(webhookEvent, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Answer 500 so the service delivers the webhook again.
            LogHandlerFailed(logger, e, typeof(THandler).Name);
            return new Problem(StatusCodes.Status500InternalServerError, "Webhook handler failed", "The handler failed; the delivery can be retried.").ToResult();
        }
        finally
        {
            // A handler we created ourselves is ours to dispose; a registered one belongs to the scope.
            if (registered is null && handler is not null)
            {
                if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (handler is IDisposable disposable) disposable.Dispose();
            }
        }

        return TypedResults.Ok();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Webhook rejected ({Failure}): {Reason}")]
    private static partial void LogRejected(ILogger logger, WebhookVerificationFailure failure, string? reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Webhook verified but unusable: {Reason}")]
    private static partial void LogUnusable(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Webhook handler {Handler} failed; answering 500 so the delivery is retried")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler);
}
