using System.Net;
using Polly;
using Polly.Retry;

namespace Apinator.Http;

/// <summary>
/// Retries calls the service did not act on, with a Polly pipeline: 429 and 503 (waiting as
/// <c>Retry-After</c> says, at most <see cref="ApinatorOptions.MaxRetryDelay"/>) and connections that
/// could not be made, with exponential back-off and jitter. A 500, 502 or 504 may come after the
/// event was published, so it is retried only where the service de-duplicates: Sockudo, for a
/// request carrying an idempotency key (every attempt sends the same key). The client's timeout
/// bounds all attempts together; cancellation stops them.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<bool> Idempotent = new("Apinator.Idempotent");

    /// <summary>Null when retries are off: calls then pass straight through, with nothing rented.</summary>
    private readonly ResiliencePipeline<HttpResponseMessage>? _pipeline;

    public RetryHandler(ApinatorOptions options)
    {
        var deduplicating = options.Protocol == ApinatorProtocol.Sockudo;
        var maxDelay = options.MaxRetryDelay;
        _pipeline = options.MaxRetries <= 0
            ? null
            : new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, deduplicating && IsIdempotent(args.Context))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxDelay)),
            }).Build();
    }

    /// <summary>Marks a request whose every attempt carries the same idempotency key.</summary>
    public static void MarkIdempotent(HttpRequestMessage request) => request.Options.Set(Idempotent, true);

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        { Result.StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => idempotent,
        _ => false,
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline is null ? base.SendAsync(request, cancellationToken) : RetryAsync(_pipeline, request, cancellationToken);

    private async Task<HttpResponseMessage> RetryAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(RequestKey, request);
            return await pipeline.ExecuteAsync(
                static async (context, state) => await state.Handler.SendCoreAsync(state.Request, context.CancellationToken).ConfigureAwait(false),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Apinator.Request");

    private static bool IsIdempotent(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) && request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent;

    /// <summary>The service's <c>Retry-After</c>, at most <paramref name="maxDelay"/>; null lets the back-off decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, maxDelay.Ticks)) : null;
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
