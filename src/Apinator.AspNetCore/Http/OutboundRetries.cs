using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Retries of calls to the service, limited to answers and failures after which the service
/// certainly did not act: 429 and 503 (honouring <c>Retry-After</c>) and a connection that could not
/// be made. Never 500, 502, 504 or a timeout: the event may have been published, and sending it
/// again would publish it twice.
/// </summary>
internal static class OutboundRetries
{
    public const string PipelineName = "apinator-retries";

    public static void Add(IHttpClientBuilder httpClient, int maxRetries, TimeSpan maxDelay) =>
        httpClient.AddResilienceHandler(PipelineName, pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = maxDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
        }));

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        _ => false,
    };
}
