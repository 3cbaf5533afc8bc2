using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// The webhook pipeline driven without a request: each way a delivery can end is an outcome, and
/// one table gives each outcome its status and telemetry tag.
/// </summary>
public sealed class WebhookPipelineTests
{
    [Fact]
    public async Task A_genuine_delivery_is_handled()
    {
        using var harness = new PipelineHarness();

        var result = await harness.RunAsync(harness.Body("private-a"));

        Assert.Equal(WebhookOutcome.Handled, result.Outcome);
        Assert.Equal(["private-a"], harness.Handled);
    }

    [Fact]
    public async Task A_bad_signature_is_not_verified_and_claims_nothing()
    {
        using var harness = new PipelineHarness(new RecordingDeliveryStore(new UnreachableDeliveryStore()));

        var result = await harness.RunAsync(harness.Body("private-a"), secret: "another-secret");

        Assert.Equal((WebhookOutcome.NotVerified, WebhookVerificationFailure.BadSignature), (result.Outcome, result.Failure));
        Assert.Empty(((RecordingDeliveryStore)harness.Store).Claims);
        Assert.Empty(harness.Handled);
    }

    [Fact]
    public async Task An_expired_delivery_is_not_verified()
    {
        using var harness = new PipelineHarness();
        var body = harness.Body("private-a");
        harness.Time.Advance(harness.Options.MaxAge!.Value + TimeSpan.FromSeconds(1));

        var result = await harness.RunAsync(body);

        Assert.Equal((WebhookOutcome.NotVerified, WebhookVerificationFailure.Expired), (result.Outcome, result.Failure));
        Assert.Empty(harness.Handled);
    }

    [Theory]
    [InlineData("{\"time_ms\":1700000000000,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"private-a\"}]}BAD")]
    [InlineData("{\"time_ms\":1700000000000,\"events\":{}}")]
    public async Task A_signed_but_malformed_delivery_is_malformed(string body)
    {
        using var harness = new PipelineHarness();

        var result = await harness.RunAsync(body);

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Null(result.Failure);
        Assert.NotNull(result.Detail);
        Assert.Empty(harness.Handled);
    }

    [Fact]
    public async Task A_failed_handler_gives_its_claim_back_so_the_retry_is_handled()
    {
        using var harness = new PipelineHarness();
        harness.Failures.FailOnce("private-a");
        var body = harness.Body("private-a");

        var failed = await harness.RunAsync(body);

        Assert.Equal(WebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.IsType<InvalidOperationException>(failed.Error);
        Assert.Equal(WebhookOutcome.Handled, (await harness.RunAsync(body)).Outcome);
        Assert.Equal(["private-a"], harness.Handled);
    }

    [Fact]
    public async Task A_delivery_handled_before_is_a_duplicate()
    {
        using var harness = new PipelineHarness();
        var body = harness.Body("private-a");
        await harness.RunAsync(body);

        var again = await harness.RunAsync(body);

        Assert.Equal(WebhookOutcome.Duplicate, again.Outcome);
        Assert.Equal(["private-a"], harness.Handled);
    }

    [Fact]
    public async Task A_copy_of_a_delivery_being_handled_is_in_progress()
    {
        using var harness = new PipelineHarness();
        var body = harness.Body("private-a");
        var gate = harness.Gates.Close("private-a");
        var first = harness.RunAsync(body);
        await gate.Reached;

        var copy = await harness.RunAsync(body);

        Assert.Equal(WebhookOutcome.InProgress, copy.Outcome);
        gate.Open();
        Assert.Equal(WebhookOutcome.Handled, (await first).Outcome);
        Assert.Equal(["private-a"], harness.Handled);
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_leaves_the_delivery_unhandled()
    {
        using var harness = new PipelineHarness(new UnreachableDeliveryStore());

        var result = await harness.RunAsync(harness.Body("private-a"));

        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.Empty(harness.Handled);
    }

    [Fact]
    public async Task A_completion_that_fails_is_tried_again_while_the_claim_is_held_and_the_replay_is_a_duplicate()
    {
        var store = new FailingCompletionStore(new MemoryWebhookDeliveryStore(TimeProvider.System), failures: 3);
        using var harness = new PipelineHarness(store);
        var body = harness.Body("private-a");

        var running = harness.RunAsync(body);
        await store.TriedAsync();
        for (var failed = 1; failed <= 3; failed++)
        {
            // Between tries the claim is still held: a copy waits rather than running the handler.
            Assert.Equal(WebhookOutcome.InProgress, (await harness.RunAsync(body)).Outcome);
            await MoveClockUntilAsync(harness, store.TriedAsync());
        }

        Assert.Equal(WebhookOutcome.Handled, (await running).Outcome);
        Assert.Equal(4, store.Completions);
        Assert.Equal(WebhookOutcome.Duplicate, (await harness.RunAsync(body)).Outcome);
        Assert.Equal(["private-a"], harness.Handled);
        Assert.Single(harness.Logs, e => e.EventId == 28);
    }

    [Fact]
    public async Task A_completion_that_never_holds_is_not_reported_as_success_and_the_claim_is_kept_to_lapse()
    {
        var store = new FailingCompletionStore(new MemoryWebhookDeliveryStore(TimeProvider.System), failures: int.MaxValue);
        using var harness = new PipelineHarness(store, o => o.HandlerLease = TimeSpan.FromSeconds(10));
        var body = harness.Body("private-a");

        var result = await MoveClockUntilAsync(harness, harness.RunAsync(body));
        Assert.Equal(WebhookOutcome.NotRecorded, result.Outcome);
        Assert.Equal(503, WebhookAnswers.StatusOf(result.Outcome));
        Assert.InRange(store.Completions, 2, 10);
        Assert.Contains(harness.Logs, e => e.EventId == 28);

        // Not released: a copy waits until the claim lapses (it is no longer renewed), then runs again.
        Assert.Equal(WebhookOutcome.InProgress, (await harness.RunAsync(body)).Outcome);
        Assert.Equal(["private-a"], harness.Handled);
    }

    [Fact]
    public async Task The_last_event_of_a_delivery_carries_no_progress_mark()
    {
        var store = new RecordingDeliveryStore(new MemoryWebhookDeliveryStore(TimeProvider.System));
        using var harness = new PipelineHarness(store);

        Assert.Equal(WebhookOutcome.Handled, (await harness.RunAsync(harness.Body("private-1", "private-2", "private-3"))).Outcome);

        // The delivery's claim, and marks for the first two events only.
        Assert.Equal(3, store.Claims.Count);
        Assert.Equal(3, store.Completions.Count);
        Assert.DoesNotContain(store.Claims, c => c.Key.EndsWith(":2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(WebhookOutcome.Handled), 200, "handled")]
    [InlineData(nameof(WebhookOutcome.Duplicate), 200, "duplicate")]
    [InlineData(nameof(WebhookOutcome.InProgress), 503, "in_progress")]
    [InlineData(nameof(WebhookOutcome.StoreUnavailable), 503, "store_unavailable")]
    [InlineData(nameof(WebhookOutcome.NotVerified), 401, "not_verified")]
    [InlineData(nameof(WebhookOutcome.Malformed), 400, "malformed")]
    [InlineData(nameof(WebhookOutcome.HandlerFailed), 500, "handler_failed")]
    [InlineData(nameof(WebhookOutcome.NotRecorded), 503, "not_recorded")]
    [InlineData(nameof(WebhookOutcome.TooLarge), 413, "too_large")]
    [InlineData(nameof(WebhookOutcome.UnsupportedMediaType), 415, "unsupported_media_type")]
    [InlineData(nameof(WebhookOutcome.Aborted), 499, "aborted")]
    public void Each_outcome_has_one_status_and_one_tag(string name, int status, string tag)
    {
        var outcome = Enum.Parse<WebhookOutcome>(name);
        Assert.Equal((status, tag), (WebhookAnswers.StatusOf(outcome), WebhookAnswers.TagOf(outcome)));
        var problem = WebhookAnswers.ProblemOf(new WebhookPipelineResult(outcome, "why"), 1024);
        if (status == 200) Assert.Null(problem);
        else Assert.Equal(status, problem!.Status);
    }

    /// <summary>
    /// Moves the fake clock in small steps until <paramref name="signal"/> completes. The retry's timer
    /// starts only once a failure reaches the claims, which may be after any one move, so a single move
    /// could come too early; the signal, not the clock, decides (its own wait is bounded).
    /// </summary>
    private static async Task MoveClockUntilAsync(PipelineHarness harness, Task signal)
    {
        while (!signal.IsCompleted)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(signal, Task.Delay(5));
        }

        await signal;
    }

    private static async Task<T> MoveClockUntilAsync<T>(PipelineHarness harness, Task<T> signal)
    {
        await MoveClockUntilAsync(harness, (Task)signal);
        return await signal;
    }
}
