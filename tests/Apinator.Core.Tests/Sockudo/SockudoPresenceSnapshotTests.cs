using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>
/// Sockudo's presence history snapshot (<c>GET /apps/{id}/channels/{channel}/presence/history/snapshot</c>) at the
/// HTTP level. Route: sockudo/sockudo crates/sockudo-server/src/bootstrap/router.rs; query and answer:
/// crates/sockudo-server/src/http_handler/presence_history/mod.rs (PresenceSnapshotQuery, channel_presence_history_snapshot).
/// </summary>
public class SockudoPresenceSnapshotTests
{
    private const string Path = "/apps/app-1/channels/presence-room/presence/history/snapshot";

    // Every member channel_presence_history_snapshot writes, for the scenario of the server's own test
    // "channel_presence_history_snapshot_reconstructs_membership" (crates/sockudo-server/src/http_handler/presence_history/tests.rs):
    // user-1 joins (serial 1), user-2 joins (2), user-1 leaves (3), so user-2 remains. Times in the style of the example in
    // docs/content/2.server/22.presence-history.md "Reconstruct Snapshot" (commit f87a3711); stream id and byte count made up.
    private const string Answer =
        """{"channel":"presence-room","members":[{"user_id":"user-2","last_event":"member_added","last_event_serial":2,"last_event_at_ms":1712678400002}],"member_count":1,"events_replayed":3,"snapshot_serial":3,"snapshot_time_ms":1712678400003,"continuity":{"stream_id":"presence-stream-1","oldest_available_serial":1,"newest_available_serial":3,"oldest_available_published_at_ms":1712678400001,"newest_available_published_at_ms":1712678400003,"retained_events":3,"retained_bytes":612,"complete":true,"truncated_by_retention":false}}""";

    [Fact]
    public async Task Sockudo_presence_snapshot_sends_at_serial_as_the_sdks_do_and_reads_the_answer()
    {
        using var wire = new SockudoWire(configure: o => o.GenerateIdempotencyKeys = true);
        wire.Handler.ResponseBody = Answer;

        var snapshot = await wire.Extensions.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtSerial = 4 });

        // at_serial=4 under …/presence-room/presence/history/snapshot, as sockudo/sockudo's server SDK tests send it:
        // server-sdks/sockudo-http-ruby spec/client_spec.rb "#channel_presence_snapshot", sockudo-http-java
        // SockudoTest.getChannelPresenceSnapshotWithParams, sockudo-http-dotnet ChannelHistory.cs presence_snapshot_url_is_in_expected_format.
        var request = wire.Handler.Single();
        SockudoWire.AssertSent(request, HttpMethod.Get, Path, null, ("at_serial", "4"));
        Assert.Null(request.Header("X-Idempotency-Key")); // a read, never keyed

        Assert.Equal("presence-room", snapshot.Channel);
        var member = Assert.Single(snapshot.Members);
        Assert.Equal(new PresenceSnapshotMember("user-2", "member_added", 2, 1712678400002), member);
        Assert.Equal((1L, 3L, 3L, 1712678400003L), (snapshot.MemberCount, snapshot.EventsReplayed, snapshot.SnapshotSerial!.Value, snapshot.SnapshotTimeMs!.Value));
        Assert.Equal(new PresenceSnapshotContinuity("presence-stream-1", 1, 3, 1712678400001, 1712678400003, 3, 612, Complete: true, TruncatedByRetention: false), snapshot.Continuity);
    }

    [Fact]
    public async Task Sockudo_presence_snapshot_sends_both_bounds_or_none()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = Answer;

        // sockudo/sockudo client-sdks/sockudo-python tests/test_client.py test_presence_snapshot_params_normalize_ably_alias:
        // at=3000, at_serial=7 go out as at_time_ms=3000 and at_serial=7 (the server applies both).
        await wire.Extensions.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtSerial = 7, AtTimeMs = 3000 });
        // No bounds: the latest retained state (server doc comment "Without query params, returns the latest state").
        await wire.Extensions.GetPresenceSnapshotAsync("presence-room");
        await wire.Extensions.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtSerial = 0 });

        var r = wire.Handler.Requests;
        SockudoWire.AssertSent(r[0], HttpMethod.Get, Path, null, ("at_serial", "7"), ("at_time_ms", "3000"));
        SockudoWire.AssertSent(r[1], HttpMethod.Get, Path, null);
        SockudoWire.AssertSent(r[2], HttpMethod.Get, Path, null, ("at_serial", "0"));
    }

    [Fact]
    public async Task Sockudo_presence_snapshot_of_an_empty_stream_reads_the_nulls()
    {
        using var wire = new SockudoWire();
        // What the handler writes when nothing is retained: no serial, time or stream (Option::None → null).
        wire.Handler.ResponseBody = """{"channel":"presence-chat:room-1","members":[],"member_count":0,"events_replayed":0,"snapshot_serial":null,"snapshot_time_ms":null,"continuity":{"stream_id":null,"oldest_available_serial":null,"newest_available_serial":null,"oldest_available_published_at_ms":null,"newest_available_published_at_ms":null,"retained_events":0,"retained_bytes":0,"complete":true,"truncated_by_retention":false}}""";

        var snapshot = await wire.Extensions.GetPresenceSnapshotAsync("presence-chat:room-1", new PresenceSnapshotQuery { AtTimeMs = 1712678400000 });

        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, "/apps/app-1/channels/presence-chat:room-1/presence/history/snapshot", null, ("at_time_ms", "1712678400000"));
        Assert.Empty(snapshot.Members);
        Assert.Equal((0L, 0L), (snapshot.MemberCount, snapshot.EventsReplayed));
        Assert.Null(snapshot.SnapshotSerial);
        Assert.Null(snapshot.SnapshotTimeMs);
        Assert.Equal(new PresenceSnapshotContinuity(null, null, null, null, null, 0, 0, true, false), snapshot.Continuity);
    }

    // Bad input (non-presence channels, negative bounds): SockudoMessageTests.BadCalls, with the other calls'.

    [Fact]
    public async Task Sockudo_presence_snapshot_on_pusher_fails_as_unsupported_before_checking_input()
    {
        using var wire = new SockudoWire(ApinatorProtocol.Pusher);

        var e = await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.GetPresenceSnapshotAsync("public-room", new PresenceSnapshotQuery { AtSerial = -1 }));
        Assert.Equal(ApinatorProtocol.Sockudo, e.OfferedBy);
        Assert.StartsWith("Presence snapshots", e.Message, StringComparison.Ordinal);
        Assert.Empty(wire.Handler.Requests);
    }

    public static TheoryData<string> MalformedAnswers => new()
    {
        "{}",
        "[]",
        "null",
        "not json",
        With("\"members\":[", "\"members\":{\"a\":").Replace("}],\"member_count\"", "}},\"member_count\"", StringComparison.Ordinal),
        With("\"members\":[{", "\"members\":[1,{"),
        With("\"user_id\":\"user-2\",", ""),
        With("\"user_id\":\"user-2\"", "\"user_id\":2"),
        With("\"last_event\":\"member_added\"", "\"last_event\":null"),
        With("\"last_event_serial\":2", "\"last_event_serial\":\"2\""),
        With("\"last_event_at_ms\":1712678400002", "\"last_event_at_ms\":1.5"),
        With("\"member_count\":1,", ""),
        With("\"events_replayed\":3", "\"events_replayed\":-1e400"),
        With("\"snapshot_serial\":3", "\"snapshot_serial\":\"3\""),
        With("\"snapshot_serial\":3", "\"snapshot_serial\":18446744073709551615"), // u64::MAX: past long
        With("\"snapshot_time_ms\":1712678400003", "\"snapshot_time_ms\":true"),
        With("\"channel\":\"presence-room\"", "\"channel\":[]"),
        Answer[..Answer.IndexOf(",\"continuity\"", StringComparison.Ordinal)] + "}",
        With("\"continuity\":{", "\"continuity\":[{").Replace("false}}", "false}]}", StringComparison.Ordinal),
        With("\"stream_id\":\"presence-stream-1\"", "\"stream_id\":1"),
        With("\"oldest_available_serial\":1", "\"oldest_available_serial\":{}"),
        With("\"retained_events\":3,", ""),
        With("\"retained_bytes\":612", "\"retained_bytes\":null"),
        With("\"complete\":true", "\"complete\":\"true\""),
        With(",\"truncated_by_retention\":false", ""),
    };

    /// <summary>The answer with one piece swapped; the theory checks that it was there to swap.</summary>
    private static string With(string from, string to) => Answer.Replace(from, to, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public Task Sockudo_presence_snapshot_with_a_malformed_answer_fails_with_an_api_exception(string answer) =>
        SockudoWire.AssertMalformedAnswerFails(answer, x => x.GetPresenceSnapshotAsync("presence-room"), validAnswer: Answer); // each replacement above must have matched

    [Fact]
    public Task Sockudo_presence_snapshot_refused_by_the_server_fails_with_an_api_exception() =>
        // The handler's answer when presence history is off for the channel (presence_history/mod.rs).
        SockudoWire.AssertFeatureDisabledFails("Presence history is disabled by policy for channel 'presence-room'", x => x.GetPresenceSnapshotAsync("presence-room"));
}
