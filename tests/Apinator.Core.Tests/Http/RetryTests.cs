using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace Apinator.Tests.Http;

/// <summary>
/// The standalone client's retries against a real server that fails on purpose: only what the
/// service did not act on is retried, and a retried publish carries the same idempotency key.
/// </summary>
public sealed class RetryTests
{
    [Theory]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public async Task A_refusal_is_retried_after_Retry_After_and_the_call_succeeds(int status)
    {
        var answers = new Queue<int>([status, status, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Pusher, maxRetries: 3));

        await client.TriggerAsync("orders", "created", "x");

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_answer_is_the_error()
    {
        var answers = new Queue<int>(Enumerable.Repeat(503, 10));
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Pusher, maxRetries: 2));

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => client.TriggerAsync("orders", "created", "x"));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher, 500)]
    [InlineData(ApinatorProtocol.Pusher, 502)]
    [InlineData(ApinatorProtocol.Apinator, 504)]
    public async Task A_failure_after_which_the_event_may_be_published_is_not_retried(ApinatorProtocol protocol, int status)
    {
        var answers = new Queue<int>([status, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, protocol, maxRetries: 3));

        await Assert.ThrowsAnyAsync<ApinatorException>(() => client.TriggerAsync("orders", "created", "x"));

        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task On_Sockudo_a_publish_with_an_idempotency_key_is_retried_after_a_5xx_with_the_same_key(int status)
    {
        var answers = new Queue<int>([status, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Sockudo, maxRetries: 3));

        await client.TriggerAsync("orders", "created", "x", new() { IdempotencyKey = "order-42" });

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("order-42", r.Headers["X-Idempotency-Key"]));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(504)]
    public async Task On_Sockudo_a_batch_whose_every_event_has_a_generated_key_is_retried_after_a_5xx_with_the_same_keys(int status)
    {
        // Sockudo skips a batch event whose idempotency_key it has seen (http_handler/events/mod.rs,
        // "Skipping duplicate batch event"), so sending the batch again cannot publish twice.
        var answers = new Queue<int>([status, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        var options = Options(server, ApinatorProtocol.Sockudo, maxRetries: 3);
        options.GenerateIdempotencyKeys = true;
        using var client = new ApinatorClient(options);

        await client.TriggerBatchAsync([new("orders", "created", "a"), new("invoices", "created", "b") { IdempotencyKey = "invoice-7" }]);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal(2, server.Requests[0].Body.Split("\"idempotency_key\":").Length - 1);
        Assert.Contains("\"idempotency_key\":\"invoice-7\"", server.Requests[0].Body, StringComparison.Ordinal);
        Assert.False(server.Requests[0].Headers.ContainsKey("X-Idempotency-Key"));
    }

    [Fact]
    public async Task On_Sockudo_a_batch_with_an_event_without_a_key_is_not_retried_after_a_5xx()
    {
        var answers = new Queue<int>([500, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Sockudo, maxRetries: 3));

        await Assert.ThrowsAsync<ApinatorApiException>(() =>
            client.TriggerBatchAsync([new("orders", "created", "a") { IdempotencyKey = "order-1" }, new("orders", "created", "b")]));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task On_Sockudo_a_publish_without_an_idempotency_key_is_not_retried_after_a_5xx()
    {
        var answers = new Queue<int>([500, 200]);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Sockudo, maxRetries: 3));

        await Assert.ThrowsAsync<ApinatorApiException>(() => client.TriggerAsync("orders", "created", "x"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        // Cancel once the first refusal has been answered (not on a timer: a cold, busy machine
        // may not have sent the first request after any fixed delay), while the client waits
        // out the 30 s Retry-After.
        var answers = new Queue<int>(Enumerable.Repeat(503, 10));
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Answer(context, answers, retryAfterSeconds: 30);
            await context.Response.CompleteAsync();
            firstAnswered.TrySetResult();
        });
        var options = Options(server.Address, ApinatorProtocol.Pusher, maxRetries: 5);
        options.MaxRetryDelay = TimeSpan.FromSeconds(30);
        using var client = new ApinatorClient(options);
        using var cancel = new CancellationTokenSource();

        var trigger = client.TriggerAsync("orders", "created", "x", cancellationToken: cancel.Token);
        await firstAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trigger);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_read_is_retried_after_a_5xx_on_any_protocol()
    {
        // Reading twice cannot publish anything twice.
        var tries = 0;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref tries) == 1 ? 502 : 200;
            return context.Response.WriteAsync("""{"channels":{"orders":{}}}""");
        });
        using var client = new ApinatorClient(Options(server, ApinatorProtocol.Pusher, maxRetries: 3));

        var channels = await client.GetChannelsAsync();

        Assert.Equal("orders", Assert.Single(channels).Name);

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task On_Sockudo_a_keyed_publish_whose_try_hangs_is_retried_with_the_same_key()
    {
        var tries = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // The first try never gets an answer; the next ones do.
            if (Interlocked.Increment(ref tries) == 1) await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            await context.Response.WriteAsync("{}");
        });
        var options = Options(server, ApinatorProtocol.Sockudo, maxRetries: 3);
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.Timeout = TimeSpan.FromSeconds(60);
        using var client = new ApinatorClient(options);

        var result = await client.TriggerAsync("orders", "created", "x", new() { IdempotencyKey = "order-43" });

        Assert.Equal("order-43", result.IdempotencyKey);
        Assert.True(server.Requests.Count >= 2, $"{server.Requests.Count} tries");
        Assert.All(server.Requests, r => Assert.Equal("order-43", r.Headers["X-Idempotency-Key"]));
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    public async Task A_publish_that_could_be_duplicated_is_not_retried_after_its_try_hangs(ApinatorProtocol protocol)
    {
        // Pusher has no idempotency key; on Sockudo this publish carries none: the event may have
        // been published by the try that hung, so it fails as a timeout.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        var options = Options(server, protocol, maxRetries: 3);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        options.Timeout = TimeSpan.FromSeconds(60);
        using var client = new ApinatorClient(options);

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => client.TriggerAsync("orders", "created", "x"));

        Assert.Contains("Apinator:AttemptTimeout", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(60)]
    public void An_attempt_timeout_not_shorter_than_the_timeout_is_refused_by_name(int seconds)
    {
        var options = Options(new Uri("http://127.0.0.1:1"), ApinatorProtocol.Pusher, maxRetries: 2);
        options.AttemptTimeout = TimeSpan.FromSeconds(seconds);

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));

        Assert.Contains("Apinator:AttemptTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Out_of_range_retries_are_refused_by_name(int maxRetries)
    {
        var options = Options(new Uri("http://127.0.0.1:1"), ApinatorProtocol.Pusher, maxRetries);

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));

        Assert.Contains("Apinator:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_delay_that_is_not_positive_is_refused_by_name()
    {
        var options = Options(new Uri("http://127.0.0.1:1"), ApinatorProtocol.Pusher, maxRetries: 2);
        options.MaxRetryDelay = TimeSpan.Zero;

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));

        Assert.Contains("Apinator:MaxRetryDelay", error.Message, StringComparison.Ordinal);
    }

    private static ApinatorOptions Options(LoopbackServer server, ApinatorProtocol protocol, int maxRetries) => Options(server.Address, protocol, maxRetries);

    private static ApinatorOptions Options(Uri address, ApinatorProtocol protocol, int maxRetries) => new()
    {
        AppId = "app-id", Key = "app-key", Secret = "app-secret", BaseAddress = address, Protocol = protocol,
        MaxRetries = maxRetries, MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    private static Task Answer(HttpContext context, Queue<int> answers, int retryAfterSeconds = 0)
    {
        int status;
        lock (answers) status = answers.Count > 0 ? answers.Dequeue() : 200;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (status is 429 or 503) context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.Response.WriteAsync(status == 200 ? "{}" : "{\"error\":\"busy\"}");
    }
}
