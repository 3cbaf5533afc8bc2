using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

public sealed class OutboundRetryTests
{
    private static IApinator Client(ScriptedHandler network, Action<ApinatorBuilder> configure, out ServiceProvider provider)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var apinator = services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.BaseAddress = new Uri("http://127.0.0.1:9");
        });
        apinator.HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
        configure(apinator);
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IApinator>();
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_refusal_with_Retry_After_is_retried_and_the_call_succeeds(HttpStatusCode status)
    {
        var network = new ScriptedHandler(Refuse(status), Refuse(status), Ok);
        var apinator = Client(network, a => a.RetryWhenUnavailable(), out var provider);
        using (provider)
        {
            await apinator.TriggerAsync("private-a", "greeting", new { text = "hi" });
        }

        Assert.Equal(3, network.Bodies.Count);
        Assert.Single(network.Bodies.Distinct());
    }

    [Fact]
    public async Task A_refused_connection_is_retried()
    {
        var network = new ScriptedHandler(ConnectionRefused, Ok);
        var apinator = Client(network, a => a.RetryWhenUnavailable(), out var provider);
        using (provider)
        {
            await apinator.TriggerAsync("private-a", "greeting", new { text = "hi" });
        }

        Assert.Equal(2, network.Bodies.Count);
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        var network = new ScriptedHandler(Enumerable.Repeat<Func<HttpResponseMessage>>(Refuse(HttpStatusCode.ServiceUnavailable), 10).ToArray());
        var apinator = Client(network, a => a.RetryWhenUnavailable(maxRetries: 2), out var provider);
        using (provider)
        {
            var e = await Assert.ThrowsAsync<ApinatorApiException>(() => apinator.TriggerAsync("private-a", "greeting", new { text = "hi" }));
            Assert.Equal(503, (int)e.StatusCode);
        }

        Assert.Equal(3, network.Bodies.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_failure_after_which_the_event_may_be_published_is_not_retried(HttpStatusCode status)
    {
        var network = new ScriptedHandler(Refuse(status), Ok);
        var apinator = Client(network, a => a.RetryWhenUnavailable(), out var provider);
        using (provider)
        {
            await Assert.ThrowsAsync<ApinatorApiException>(() => apinator.TriggerAsync("private-a", "greeting", new { text = "hi" }));
        }

        Assert.Single(network.Bodies);
    }

    [Fact]
    public async Task Without_RetryWhenUnavailable_nothing_is_retried()
    {
        var network = new ScriptedHandler(Refuse(HttpStatusCode.ServiceUnavailable), Ok);
        var apinator = Client(network, _ => { }, out var provider);
        using (provider)
        {
            await Assert.ThrowsAsync<ApinatorApiException>(() => apinator.TriggerAsync("private-a", "greeting", new { text = "hi" }));
        }

        Assert.Single(network.Bodies);
    }

    [Fact]
    public async Task On_Sockudo_a_keyed_publish_is_retried_after_a_5xx_with_the_same_key_and_body()
    {
        var network = new ScriptedHandler(Refuse(HttpStatusCode.BadGateway), Ok);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.BaseAddress = new Uri("http://127.0.0.1:9");
            o.Protocol = ApinatorProtocol.Sockudo;
        }).RetryWhenUnavailable().HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IApinator>().TriggerAsync("orders", "created", "x", new() { IdempotencyKey = "order-42" });

        Assert.Equal(2, network.Bodies.Count);
        Assert.Single(network.Bodies.Distinct());
        Assert.All(network.Keys, k => Assert.Equal("order-42", k));
    }

    [Fact]
    public void Limits_are_checked()
    {
        var builder = new ServiceCollection().AddApinator(o => { });
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.RetryWhenUnavailable(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.RetryWhenUnavailable(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.RetryWhenUnavailable(maxDelay: TimeSpan.Zero));
    }

    private static Func<HttpResponseMessage> Refuse(HttpStatusCode status) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("""{"error":"busy"}""", Encoding.UTF8, "application/json") };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        return response;
    };

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

    private static HttpResponseMessage ConnectionRefused() =>
        throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)");

    /// <summary>Answers each request with the next scripted answer, recording the body sent.</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<string> _bodies = new();
        private readonly ConcurrentQueue<string?> _keys = new();
        private int _next;

        public IReadOnlyList<string> Bodies => [.. _bodies];

        public IReadOnlyList<string?> Keys => [.. _keys];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _bodies.Enqueue(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            _keys.Enqueue(request.Headers.TryGetValues("X-Idempotency-Key", out var keys) ? keys.Single() : null);
            return answers[Math.Min(Interlocked.Increment(ref _next) - 1, answers.Length - 1)]();
        }
    }
}
