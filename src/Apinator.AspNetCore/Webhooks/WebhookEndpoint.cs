using System.Diagnostics.CodeAnalysis;
using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The webhook endpoint: HTTP around a <see cref="WebhookPipeline{THandler}"/>. It checks the content
/// type, reads the body within its size limit, runs the pipeline and answers its outcome as
/// <see cref="WebhookAnswers"/> says.
/// </summary>
internal sealed class WebhookEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
    WebhookPipeline<THandler> pipeline, ApinatorWebhookOptions options, ApinatorProtocol protocol, ILogger logger)
    where THandler : class, IWebhookHandler
{
    private readonly string _protocolName = protocol.ToString();

    public async Task<Results<Ok, ProblemResult>> HandleAsync(HttpContext context)
    {
        var activity = EndpointDiagnostics.StartDelivery(_protocolName);

        // What an exception escaping the pipeline (the request aborted mid-handler) is counted as.
        var outcome = WebhookOutcome.HandlerFailed;
        try
        {
            var result = await ReceiveAsync(context).ConfigureAwait(false);
            outcome = result.Outcome;
            return WebhookAnswers.Answer(context.Response, result, options.MaxBodyBytes, WebhookPipeline<THandler>.HandlerName, logger);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            outcome = WebhookOutcome.Aborted;
            throw;
        }
        finally
        {
            WebhookAnswers.Record(activity, outcome);
        }
    }

    private async ValueTask<WebhookPipelineResult> ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        if (!RequestBody.IsJson(request)) return WebhookOutcome.UnsupportedMediaType;

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null) return WebhookOutcome.TooLarge;

        var headers = request.Headers;
        return await pipeline.RunAsync(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body.Span, context.RequestServices, context.RequestAborted).ConfigureAwait(false);
    }
}
