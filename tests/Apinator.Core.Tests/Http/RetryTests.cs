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
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers, retryAfterSeconds: 2));
        var clock = new WaitingClock();
        var options = Options(server, ApinatorProtocol.Pusher, maxRetries: 3);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        using var client = Client(options, clock);

        var trigger = client.TriggerAsync("orders", "created", "x");

        // Each retry waits what the service asked, on the client's clock, and not a moment less.
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.NextWaitAsync(RetryDelay));
        Assert.Single(server.Requests);
        clock.Fake.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.ElapseNextWaitAsync(RetryDelay));
        await trigger;
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(9, 5)]
    [InlineData(-60, 0)]
    public async Task A_Retry_After_date_is_counted_from_the_clients_clock_and_capped(int secondsFromNow, int expectedWait)
    {
        var answers = new Queue<int>([503, 200]);
        var date = TestClient.Now.AddSeconds(secondsFromNow);
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers, retryAfterDate: date));
        var clock = new WaitingClock();
        var options = Options(server, ApinatorProtocol.Pusher, maxRetries: 1);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        using var client = Client(options, clock);

        var trigger = client.TriggerAsync("orders", "created", "x");

        // A date already past is no wait at all: the retry goes at once, with no timer.
        if (expectedWait > 0) Assert.Equal(TimeSpan.FromSeconds(expectedWait), await clock.ElapseNextWaitAsync(RetryDelay));
        await trigger;
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_answer_is_the_error()
    {
        // Retry-After: 0, so the retries go at once: no clock to move.
        var answers = new Queue<int>(Enumerable.Repeat(503, 10));
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers));
        using var client = Client(Options(server, ApinatorProtocol.Pusher, maxRetries: 2), new WaitingClock());

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
        var clock = new WaitingClock();
        using var client = Client(Options(server, ApinatorProtocol.Sockudo, maxRetries: 3), clock);

        var trigger = client.TriggerAsync("orders", "created", "x", new() { IdempotencyKey = "order-42" });
        await clock.ElapseNextWaitAsync(Backoff);
        await trigger;

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
        using var client = Client(Options(server, ApinatorProtocol.Sockudo, maxRetries: 3), new WaitingClock());

        await Assert.ThrowsAsync<ApinatorApiException>(() => client.TriggerAsync("orders", "created", "x"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        // Cancelled while the client waits out the 30 s Retry-After (started on its clock, which
        // never moves: nothing but the cancellation can end the wait).
        var answers = new Queue<int>(Enumerable.Repeat(503, 10));
        await using var server = await LoopbackServer.StartAsync(context => Answer(context, answers, retryAfterSeconds: 30));
        var clock = new WaitingClock();
        var options = Options(server.Address, ApinatorProtocol.Pusher, maxRetries: 5);
        options.MaxRetryDelay = TimeSpan.FromSeconds(30);
        using var client = Client(options, clock);
        using var cancel = new CancellationTokenSource();

        var trigger = client.TriggerAsync("orders", "created", "x", cancellationToken: cancel.Token);
        Assert.Equal(TimeSpan.FromSeconds(30), await clock.NextWaitAsync(RetryDelay));
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
        var clock = new WaitingClock();
        using var client = Client(Options(server, ApinatorProtocol.Pusher, maxRetries: 3), clock);

        var reading = client.GetChannelsAsync();
        await clock.ElapseNextWaitAsync(Backoff);
        var channels = await reading;

        Assert.Equal("orders", Assert.Single(channels).Name);

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task On_Sockudo_a_keyed_publish_whose_try_hangs_is_retried_with_the_same_key()
    {
        var tries = 0;
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // The first try never gets an answer; the next ones do.
            if (Interlocked.Increment(ref tries) == 1)
            {
                hanging.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }

            await context.Response.WriteAsync("{}");
        });
        var clock = new WaitingClock();
        var options = Options(server, ApinatorProtocol.Sockudo, maxRetries: 3);
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.Timeout = TimeSpan.FromSeconds(60);
        using var client = Client(options, clock);

        var trigger = client.TriggerAsync("orders", "created", "x", new() { IdempotencyKey = "order-43" });
        await clock.NextWaitAsync(wait => wait == options.AttemptTimeout);
        // Run out only once the try has reached the server: the point is a try that hangs there.
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Fake.Advance(options.AttemptTimeout.Value);
        await clock.ElapseNextWaitAsync(Backoff);
        var result = await trigger;

        Assert.Equal("order-43", result.IdempotencyKey);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("order-43", r.Headers["X-Idempotency-Key"]));
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    public async Task A_publish_that_could_be_duplicated_is_not_retried_after_its_try_hangs(ApinatorProtocol protocol)
    {
        // Pusher has no idempotency key; on Sockudo this publish carries none: the event may have
        // been published by the try that hung, so it fails as a timeout.
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            hanging.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        var clock = new WaitingClock();
        var options = Options(server, protocol, maxRetries: 3);
        options.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.Timeout = TimeSpan.FromSeconds(60);
        using var client = Client(options, clock);

        var trigger = client.TriggerAsync("orders", "created", "x");
        await clock.NextWaitAsync(wait => wait == options.AttemptTimeout);
        await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Fake.Advance(options.AttemptTimeout.Value);

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => trigger);
        Assert.Contains("Apinator:AttemptTimeout", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(120)]
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

    /// <summary>A back-off: positive, at most the 100 ms MaxRetryDelay of <see cref="Options(Uri, ApinatorProtocol, int)"/>.</summary>
    private static bool Backoff(TimeSpan wait) => wait > TimeSpan.Zero && wait <= TimeSpan.FromMilliseconds(100);

    /// <summary>Any wait shorter than the 60 s a body may take (the client's timeout), which a test never lets run out.</summary>
    private static bool RetryDelay(TimeSpan wait) => wait < TimeSpan.FromSeconds(60);

    /// <summary>The client as AddApinator builds it: retries in the HttpClient's handler, both on <paramref name="clock"/>.</summary>
    private static ApinatorClient Client(ApinatorOptions options, TimeProvider clock) => new(
        new HttpClient(ApinatorClient.CreateRetryHandler(options, ApinatorClient.CreatePrimaryHandler(), clock)) { Timeout = options.Timeout },
        options,
        clock);

    private static ApinatorOptions Options(LoopbackServer server, ApinatorProtocol protocol, int maxRetries) => Options(server.Address, protocol, maxRetries);

    private static ApinatorOptions Options(Uri address, ApinatorProtocol protocol, int maxRetries) => new()
    {
        AppId = "app-id", Key = "app-key", Secret = "app-secret", BaseAddress = address, Protocol = protocol,
        MaxRetries = maxRetries, MaxRetryDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(60),
    };

    private static Task Answer(HttpContext context, Queue<int> answers, int retryAfterSeconds = 0, DateTimeOffset? retryAfterDate = null)
    {
        int status;
        lock (answers) status = answers.Count > 0 ? answers.Dequeue() : 200;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (status is 429 or 503)
        {
            context.Response.Headers.RetryAfter = retryAfterDate is { } date
                ? date.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsync(status == 200 ? "{}" : "{\"error\":\"busy\"}");
    }
}
