using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Apinator.Http;

/// <summary>
/// Retries calls the service did not act on, with a Polly pipeline: 429 and 503 (waiting as
/// <c>Retry-After</c> says, at most <see cref="ApinatorOptions.MaxRetryDelay"/>) and connections that
/// could not be made, with exponential back-off and jitter. A 500, 502, 504 or a try that ran past
/// <see cref="ApinatorOptions.AttemptTimeout"/> may come after the event was published, so it is
/// retried only where a retry cannot publish twice: a read (GET), or on Sockudo a request carrying
/// an idempotency key (every attempt sends the same key). The client's timeout bounds all attempts
/// together; cancellation stops them.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<bool> Idempotent = new("Apinator.Idempotent");

    /// <summary>Null when retries are off: calls then pass straight through, with nothing rented.</summary>
    private readonly ResiliencePipeline<HttpResponseMessage>? _pipeline;

    /// <param name="options">Validated options.</param>
    /// <param name="time">The clock the back-offs, the per-try timeout and a <c>Retry-After</c> date are measured on.</param>
    public RetryHandler(ApinatorOptions options, TimeProvider time)
    {
        var deduplicating = Dialects.ServiceDialect.Of(options).OffersExtensions;
        var maxDelay = options.MaxRetryDelay;
        _attemptTimeout = options.AttemptTimeout;
        if (options.MaxRetries <= 0 && _attemptTimeout is null) return;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, IsRepeatable(args.Context, deduplicating))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxDelay, time.GetUtcNow())),
            });
        }

        // Added after the retry, so inside it: each try has its own time.
        if (_attemptTimeout is { } attempt) builder.AddTimeout(attempt);
        _pipeline = builder.Build();
    }

    private readonly TimeSpan? _attemptTimeout;

    /// <summary>Marks a request whose every attempt carries the same idempotency key.</summary>
    public static void MarkIdempotent(HttpRequestMessage request) => request.Options.Set(Idempotent, true);

    /// <param name="outcome">The try's answer or failure.</param>
    /// <param name="repeatable">Whether repeating the request cannot publish twice (a read, or a Sockudo request with an idempotency key).</param>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool repeatable) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        { Result.StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => repeatable,
        { Exception: TimeoutRejectedException } => repeatable,
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
        catch (TimeoutRejectedException e)
        {
            // Not a Polly type in the caller's face: the transport turns this into ApinatorNetworkException.
            throw new TimeoutException($"A try took longer than Apinator:AttemptTimeout ({_attemptTimeout!.Value.TotalSeconds:0.###} s).", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Apinator.Request");

    private static bool IsRepeatable(ResilienceContext context, bool deduplicating) =>
        context.Properties.TryGetValue(RequestKey, out var request)
        && (request.Method == HttpMethod.Get || (deduplicating && request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent));

    /// <summary>The service's <c>Retry-After</c>, at most <paramref name="maxDelay"/>; null lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay, DateTimeOffset now)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : null);
        return delay is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, maxDelay.Ticks)) : null;
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
