using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>
/// What a history page says about itself: sockudo/sockudo crates/sockudo-server/src/http_handler/history/mod.rs
/// (channel_history) and presence_history/mod.rs (channel_presence_history) answer every page with
/// <c>bounds</c>, <c>continuity</c> and <c>stream_state</c>.
/// </summary>
public class SockudoHistoryContinuityTests
{
    private const string State = """{"stream_id":"s2","durable_state":"healthy","{0}":true,"reset_required":false,"reason":null,"node_id":"node-a","last_transition_at_ms":1700000000000,"authoritative_source":"durable_store","observed_source":"shared_cache_hint"}""";

    [Fact]
    public async Task A_history_page_cut_short_by_retention_says_so()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = $$"""
            {"items":[{"serial":40}],"direction":"oldest_first","limit":100,"has_more":false,"next_cursor":null,
             "bounds":{"start_serial":1,"end_serial":null,"start_time_ms":null,"end_time_ms":null},
             "continuity":{"stream_id":"s2","oldest_available_serial":40,"newest_available_serial":40,"oldest_available_published_at_ms":1700000000040,"newest_available_published_at_ms":1700000000040,"retained_messages":1,"retained_bytes":64,"complete":false,"truncated_by_retention":true},
             "stream_state":{{State.Replace("{0}", "recovery_allowed", StringComparison.Ordinal)}}}
            """;

        var page = await wire.Extensions.GetHistoryAsync("orders", new HistoryQuery { StartSerial = 1, Direction = HistoryDirection.OldestFirst });

        Assert.Equal(new HistoryContinuity(new HistoryRetention("s2", 1, 64, 40, 40, 1700000000040, 1700000000040), Complete: false, TruncatedByRetention: true), page.Continuity);
        Assert.Null(page.Continuity!.Degraded);
        Assert.Equal(new HistoryBounds(1, null, null, null), page.Bounds);
        Assert.Equal(new HistoryStreamState("s2", "healthy", true, false, null, "node-a", 1700000000000, "durable_store", "shared_cache_hint"), page.StreamState);
    }

    [Fact]
    public async Task A_presence_history_page_reads_its_own_names_and_degraded()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = $$"""
            {"items":[],"direction":"newest_first","limit":100,"has_more":false,"next_cursor":null,
             "bounds":{"start_serial":null,"end_serial":null,"start_time_ms":1000,"end_time_ms":2000},
             "continuity":{"stream_id":"s2","oldest_available_serial":null,"newest_available_serial":null,"oldest_available_published_at_ms":null,"newest_available_published_at_ms":null,"retained_events":0,"retained_bytes":0,"degraded":true,"complete":false,"truncated_by_retention":false},
             "stream_state":{{State.Replace("{0}", "continuity_proven", StringComparison.Ordinal)}}}
            """;

        var page = await wire.Extensions.GetPresenceHistoryAsync("presence-room");

        Assert.Equal(new HistoryContinuity(new HistoryRetention("s2", 0, 0, null, null, null, null), false, false) { Degraded = true }, page.Continuity);
        Assert.Equal(new HistoryBounds(null, null, 1000, 2000), page.Bounds);
        Assert.True(page.StreamState!.ContinuityProven);
    }

    [Fact]
    public async Task A_page_without_them_has_none_and_a_malformed_one_fails()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"items":[],"has_more":false}""";

        var page = await wire.Extensions.GetHistoryAsync("orders");

        Assert.Equal((null, null, null), (page.Continuity, page.Bounds, page.StreamState));
        await SockudoWire.AssertMalformedAnswerFails("""{"items":[],"has_more":false,"continuity":{"retained_messages":1,"retained_bytes":1,"complete":"yes","truncated_by_retention":false}}""", x => x.GetHistoryAsync("orders"));
        await SockudoWire.AssertMalformedAnswerFails("""{"items":[],"has_more":false,"continuity":[]}""", x => x.GetHistoryAsync("orders"));
    }

    [Fact]
    public async Task A_presence_history_reset_reports_its_count_as_purged_events()
    {
        using var wire = new SockudoWire();
        // channel_presence_history_reset's answer (presence_history/mod.rs); the stream inspection is left out here.
        wire.Handler.ResponseBody = """{"ok":true,"operation":"reset","channel":"presence-room","reason":"repair","requested_by":null,"previous_stream_id":"s1","new_stream_id":"s2","purged_events":7,"purged_bytes":900}""";

        var result = await wire.Extensions.ResetPresenceHistoryAsync("presence-room", "repair");

        Assert.Equal((7L, 900L), (result.PurgedMessages!.Value, result.PurgedBytes!.Value));
    }
}
