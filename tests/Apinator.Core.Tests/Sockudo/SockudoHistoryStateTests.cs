using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>
/// Sockudo's history stream inspections (<c>GET /apps/{id}/channels/{channel}/history/state</c> and
/// <c>…/presence/history/state</c>) at the HTTP level. Routes: sockudo/sockudo crates/sockudo-server/src/bootstrap/router.rs;
/// answers: channel_history_state in crates/sockudo-server/src/http_handler/history/mod.rs and channel_presence_history_state
/// in crates/sockudo-server/src/http_handler/presence_history/mod.rs (build_…_stream_inspection_payload); member types:
/// crates/sockudo-core/src/history/types.rs and presence_history/types.rs (…StreamInspection, …RetentionStats, …StreamRuntimeState).
/// </summary>
public class SockudoHistoryStateTests
{
    // The state of the server's own test channel_history_state_endpoint_returns_authoritative_stream_state
    // (crates/sockudo-server/src/http_handler/history/tests.rs): stream-9, degraded, durable_history_write_failed, node-a,
    // transition at 1234, durable_store / shared_cache_hint, next_serial 10. Retained counts and times made up.
    private const string Answer =
        """{"channel":"orders","stream":{"stream_id":"stream-9","next_serial":10,"retained":{"stream_id":"stream-9","retained_messages":9,"retained_bytes":4096,"oldest_available_serial":1,"newest_available_serial":9,"oldest_available_published_at_ms":1712678400001,"newest_available_published_at_ms":1712678400009},"state":{"stream_id":"stream-9","durable_state":"degraded","recovery_allowed":false,"reset_required":false,"reason":"durable_history_write_failed","node_id":"node-a","last_transition_at_ms":1234,"authoritative_source":"durable_store","observed_source":"shared_cache_hint"}}}""";

    // The state of channel_presence_history_state_endpoint_returns_authoritative_stream_state
    // (crates/sockudo-server/src/http_handler/presence_history/tests.rs): presence-stream-9, reset_required, continuity not proven,
    // presence_history_reset_required_after_write_failure, node-a, 4321, test_state, next_serial 10; two seeded events.
    private const string PresenceAnswer =
        """{"channel":"presence-orders","stream":{"stream_id":"presence-stream-9","next_serial":10,"retained":{"stream_id":"presence-stream-9","retained_events":2,"retained_bytes":420,"oldest_available_serial":1,"newest_available_serial":2,"oldest_available_published_at_ms":1712678400001,"newest_available_published_at_ms":1712678400002},"state":{"stream_id":"presence-stream-9","durable_state":"reset_required","continuity_proven":false,"reset_required":true,"reason":"presence_history_reset_required_after_write_failure","node_id":"node-a","last_transition_at_ms":4321,"authoritative_source":"test_state","observed_source":"test_state"}}}""";

    [Fact]
    public async Task Sockudo_history_state_sends_a_bare_signed_get_as_the_python_sdk_does_and_reads_the_answer()
    {
        using var wire = new SockudoWire(configure: o => o.GenerateIdempotencyKeys = true);
        wire.Handler.ResponseBody = Answer;

        var inspection = await wire.Extensions.GetHistoryStateAsync("orders");

        // server-sdks/sockudo-http-python tests/test_client.py test_async_operator_controls_match_sync_surface:
        // get_channel_history_state("orders") → ("GET", "/apps/app-id/channels/orders/history/state"), no parameters, no body
        // (client.py get_channel_history_state passes no params).
        var request = wire.Handler.Single();
        SockudoWire.AssertSent(request, HttpMethod.Get, "/apps/app-1/channels/orders/history/state", null);
        Assert.Null(request.Header("X-Idempotency-Key")); // a read, never keyed
        Assert.Null(request.Header("Content-Type"));

        Assert.Equal(("orders", "stream-9", 10L), (inspection.Channel, inspection.StreamId, inspection.NextSerial!.Value));
        Assert.Equal(new HistoryRetention("stream-9", 9, 4096, 1, 9, 1712678400001, 1712678400009), inspection.Retained);
        Assert.Equal(
            new HistoryStreamState("stream-9", "degraded", ContinuityProven: false, ResetRequired: false, "durable_history_write_failed", "node-a", 1234, "durable_store", "shared_cache_hint"),
            inspection.State);
    }

    [Fact]
    public async Task Sockudo_presence_history_state_uses_the_presence_path_and_reads_the_presence_names()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = PresenceAnswer;

        var inspection = await wire.Extensions.GetPresenceHistoryStateAsync("presence-orders");

        // Same python test: get_channel_presence_history_state("presence-orders") →
        // ("GET", "/apps/app-id/channels/presence-orders/presence/history/state").
        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, "/apps/app-1/channels/presence-orders/presence/history/state", null);

        Assert.Equal(("presence-orders", "presence-stream-9", 10L), (inspection.Channel, inspection.StreamId, inspection.NextSerial!.Value));
        Assert.Equal(new HistoryRetention("presence-stream-9", 2, 420, 1, 2, 1712678400001, 1712678400002), inspection.Retained);
        Assert.Equal(
            new HistoryStreamState("presence-stream-9", "reset_required", ContinuityProven: false, ResetRequired: true, "presence_history_reset_required_after_write_failure", "node-a", 4321, "test_state", "test_state"),
            inspection.State);
    }

    [Fact]
    public async Task Sockudo_history_state_of_a_store_without_streams_reads_the_nulls_and_keeps_colons_in_the_path()
    {
        using var wire = new SockudoWire();
        // What the handler writes from the HistoryStore trait's default stream_inspection (crates/sockudo-core/src/history/store.rs):
        // no stream id or next serial, default retention stats, and HistoryStreamRuntimeState::healthy(…, None, "disabled").
        wire.Handler.ResponseBody = """{"channel":"chat:room-1","stream":{"stream_id":null,"next_serial":null,"retained":{"stream_id":null,"retained_messages":0,"retained_bytes":0,"oldest_available_serial":null,"newest_available_serial":null,"oldest_available_published_at_ms":null,"newest_available_published_at_ms":null},"state":{"stream_id":null,"durable_state":"healthy","recovery_allowed":true,"reset_required":false,"reason":null,"node_id":null,"last_transition_at_ms":null,"authoritative_source":"disabled","observed_source":"disabled"}}}""";

        var inspection = await wire.Extensions.GetHistoryStateAsync("chat:room-1");

        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, "/apps/app-1/channels/chat:room-1/history/state", null);
        Assert.Equal(new HistoryStreamInspection("chat:room-1", null, null, new HistoryRetention(null, 0, 0, null, null, null, null), new HistoryStreamState(null, "healthy", true, false, null, null, null, "disabled", "disabled")), inspection);
    }

    // Bad input (non-presence channels, bad names): SockudoMessageTests.BadCalls, with the other calls'.

    [Fact]
    public async Task Sockudo_history_state_on_pusher_fails_as_unsupported_before_checking_input()
    {
        using var wire = new SockudoWire(ApinatorProtocol.Pusher);

        var e = await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.GetHistoryStateAsync("bad channel"));
        Assert.StartsWith("History state", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.GetPresenceHistoryStateAsync("public-room"));
        Assert.StartsWith("Presence history state", e.Message, StringComparison.Ordinal);
        Assert.Equal(ApinatorProtocol.Sockudo, e.OfferedBy);
        Assert.Empty(wire.Handler.Requests);
    }

    public static TheoryData<string> MalformedAnswers => new()
    {
        "{}",
        "[]",
        "null",
        "not json",
        "\"stream\"",
        With("\"channel\":\"orders\"", "\"channel\":7"),
        With("\"stream\":{", "\"stream\":[{").Replace("}}}", "}}]}", StringComparison.Ordinal),
        """{"channel":"orders"}""",
        With("\"stream_id\":\"stream-9\",\"next_serial\"", "\"stream_id\":9,\"next_serial\""),
        With("\"next_serial\":10", "\"next_serial\":\"10\""),
        With("\"next_serial\":10", "\"next_serial\":18446744073709551615"), // u64::MAX: past long
        With("\"retained\":{", "\"retained\":null,\"x\":{"),
        With("\"retained_messages\":9,", ""),
        With("\"retained_messages\":9", "\"retained_events\":9"), // the presence name on the channel answer
        With("\"retained_bytes\":4096", "\"retained_bytes\":1.5"),
        With("\"oldest_available_serial\":1", "\"oldest_available_serial\":true"),
        With("\"newest_available_published_at_ms\":1712678400009", "\"newest_available_published_at_ms\":-1e400"),
        With("\"state\":{", "\"state\":\"degraded\",\"x\":{"),
        With("\"durable_state\":\"degraded\",", ""),
        With("\"durable_state\":\"degraded\"", "\"durable_state\":null"),
        With("\"recovery_allowed\":false", "\"recovery_allowed\":\"false\""),
        With("\"recovery_allowed\":false", "\"continuity_proven\":false"), // the presence name on the channel answer
        With("\"reset_required\":false,", ""),
        With("\"reason\":\"durable_history_write_failed\"", "\"reason\":{}"),
        With("\"node_id\":\"node-a\"", "\"node_id\":[]"),
        With("\"last_transition_at_ms\":1234", "\"last_transition_at_ms\":\"1234\""),
        With(",\"authoritative_source\":\"durable_store\"", ""),
        With("\"observed_source\":\"shared_cache_hint\"", "\"observed_source\":false"),
    };

    /// <summary>The answer with one piece swapped; the theory checks that it was there to swap.</summary>
    private static string With(string from, string to) => Answer.Replace(from, to, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public Task Sockudo_history_state_with_a_malformed_answer_fails_with_an_api_exception(string answer) =>
        SockudoWire.AssertMalformedAnswerFails(answer, x => x.GetHistoryStateAsync("orders"), validAnswer: Answer); // each replacement above must have matched

    [Theory]
    [InlineData("""{"channel":"presence-orders","stream":{"retained":{"retained_events":2,"retained_bytes":1},"state":{"durable_state":"healthy","recovery_allowed":true,"reset_required":false,"authoritative_source":"a","observed_source":"a"}}}""")]
    [InlineData("""{"channel":"presence-orders","stream":{"retained":{"retained_messages":2,"retained_bytes":1},"state":{"durable_state":"healthy","continuity_proven":true,"reset_required":false,"authoritative_source":"a","observed_source":"a"}}}""")]
    [InlineData("""{"channel":"presence-orders","stream":{"retained":{"retained_events":2,"retained_bytes":1}}}""")]
    public Task Sockudo_presence_history_state_with_the_channel_history_names_or_a_missing_part_fails_with_an_api_exception(string answer) =>
        SockudoWire.AssertMalformedAnswerFails(answer, x => x.GetPresenceHistoryStateAsync("presence-orders"));

    [Fact]
    public Task Sockudo_history_state_refused_by_the_server_fails_with_an_api_exception() =>
        // channel_history_state when durable history is off for the channel (history/mod.rs).
        SockudoWire.AssertFeatureDisabledFails("Durable history is disabled by policy for channel 'orders'", x => x.GetHistoryStateAsync("orders"));
}
