using System.Net;
using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>Sockudo history and presence history at the HTTP level, against values from Sockudo's own SDK tests.</summary>
public class SockudoHistoryTests
{
    private static readonly HistoryQuery FullQuery = new()
    {
        Limit = 50, Direction = HistoryDirection.NewestFirst, Cursor = "abc", StartSerial = 10, EndSerial = 20, StartTimeMs = 1000, EndTimeMs = 2000,
    };

    // sockudo/sockudo-http-node tests/integration/sockudo/get.js "#channelHistory": GET
    // /apps/999/channels/history-room/history?…&cursor=abc&direction=newest_first&end_serial=20&end_time_ms=2000&limit=50&start_serial=10&start_time_ms=1000&…
    private static readonly (string, string)[] FullQueryOnTheWire =
    [
        ("cursor", "abc"), ("direction", "newest_first"), ("end_serial", "20"), ("end_time_ms", "2000"), ("limit", "50"), ("start_serial", "10"), ("start_time_ms", "1000"),
    ];

    [Fact]
    public async Task Sockudo_history_sends_every_bound_as_the_node_sdk_does_and_reads_the_page()
    {
        using var wire = new SockudoWire();
        // Answer shape: sockudo/sockudo crates/sockudo-server/src/http_handler/history/mod.rs (channel_history's response_payload).
        wire.Handler.ResponseBody = """{"items":[{"stream_id":"s1","serial":11,"published_at_ms":1500,"message_id":"m1","event_name":"chat","operation_kind":"create","payload_size_bytes":9,"message":{"event":"chat","data":"hi"}}],"direction":"newest_first","limit":50,"has_more":true,"next_cursor":"def"}""";

        var page = await wire.Extensions.GetHistoryAsync("history-room", FullQuery);

        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, "/apps/app-1/channels/history-room/history", null, FullQueryOnTheWire);
        var item = Assert.Single(page.Items);
        Assert.Equal((11L, "s1", 1500L, "m1", "chat", "create"), (item.Serial, item.StreamId, item.PublishedAtMs!.Value, item.MessageId, item.EventName, item.OperationKind));
        Assert.Equal("hi", item.Message.GetProperty("data").GetString());
        Assert.True(page.HasMore);
        Assert.Equal("def", page.NextCursor);
    }

    [Fact]
    public async Task Sockudo_presence_history_uses_the_presence_path_and_reads_the_node_sdk_fixture()
    {
        using var wire = new SockudoWire();
        // sockudo/sockudo-http-node tests/integration/sockudo/get.js "should resolve to the parsed presence history page" (trimmed).
        wire.Handler.ResponseBody = """{"items":[{"stream_id":"stream-1","serial":2,"published_at_ms":1700000000002,"event":"member_removed","cause":"disconnect","user_id":"user-2","connection_id":"230423.3434","dead_node_id":null,"payload_size_bytes":123,"presence_event":{"stream_id":"stream-1","serial":2,"published_at_ms":1700000000002,"event":"member_removed","cause":"disconnect","user_id":"user-2","connection_id":"230423.3434","user_info":{"name":"Ada"},"dead_node_id":null}}],"direction":"newest_first","limit":100,"has_more":false,"next_cursor":null}""";

        var page = await wire.Extensions.GetPresenceHistoryAsync("presence-history-room", FullQuery);

        // Same get.js, "#channelPresenceHistory": the same parameters under /presence/history.
        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, "/apps/app-1/channels/presence-history-room/presence/history", null, FullQueryOnTheWire);
        var item = Assert.Single(page.Items);
        Assert.Equal(("member_removed", "disconnect", "user-2", "230423.3434", 2L), (item.Event, item.Cause, item.UserId, item.ConnectionId, item.Serial));
        Assert.Equal("Ada", item.UserInfo!.Value.GetProperty("name").GetString());
        Assert.False(page.HasMore);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Sockudo_presence_history_refuses_a_non_presence_channel_before_sending()
    {
        using var wire = new SockudoWire();

        // get.js: "should reject non-presence channels before making a request" with "public-room".
        await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Extensions.GetPresenceHistoryAsync("public-room"));
        Assert.Throws<ApinatorValidationException>(() => wire.Extensions.ReadPresenceHistoryAsync("public-room"));
        Assert.Empty(wire.Handler.Requests);
    }

    [Fact]
    public async Task Sockudo_read_history_follows_cursors_across_three_pages_and_stops_when_has_more_is_false()
    {
        using var wire = new SockudoWire();
        var pages = new Queue<string>(
        [
            """{"items":[{"serial":1},{"serial":2}],"has_more":true,"next_cursor":"c1"}""",
            """{"items":[{"serial":3}],"has_more":true,"next_cursor":"c2"}""",
            """{"items":[{"serial":4}],"has_more":false,"next_cursor":null}""",
        ]);
        wire.Handler.Respond = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pages.Dequeue()) });

        var serials = new List<long>();
        await foreach (var item in wire.Extensions.ReadHistoryAsync("history-room", new HistoryQuery { Limit = 2, Direction = HistoryDirection.OldestFirst }))
        {
            serials.Add(item.Serial);
        }

        Assert.Equal([1L, 2, 3, 4], serials);
        var requests = wire.Handler.Requests;
        Assert.Equal(3, requests.Count);
        SockudoWire.AssertSent(requests[0], HttpMethod.Get, "/apps/app-1/channels/history-room/history", null, ("direction", "oldest_first"), ("limit", "2"));
        SockudoWire.AssertSent(requests[1], HttpMethod.Get, "/apps/app-1/channels/history-room/history", null, ("cursor", "c1"), ("direction", "oldest_first"), ("limit", "2"));
        SockudoWire.AssertSent(requests[2], HttpMethod.Get, "/apps/app-1/channels/history-room/history", null, ("cursor", "c2"), ("direction", "oldest_first"), ("limit", "2"));
    }

    [Fact]
    public async Task Sockudo_read_history_honours_cancellation_between_pages()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"items":[{"serial":1}],"has_more":true,"next_cursor":"c1"}""";
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in wire.Extensions.ReadHistoryAsync("history-room", null, cts.Token)) cts.Cancel();
        });

        Assert.Single(wire.Handler.Requests);
    }

    [Theory]
    [InlineData("""{"has_more":false}""")]
    [InlineData("""{"items":[{"serial":1}]}""")]
    [InlineData("""{"items":[{"serial":"one"}],"has_more":false}""")]
    [InlineData("""{"items":{},"has_more":false}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public async Task Sockudo_history_with_a_malformed_answer_fails_with_an_api_exception(string answer)
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = answer;

        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => wire.Extensions.GetHistoryAsync("history-room"));
        Assert.Equal(200, e.StatusCode);
    }

    [Fact]
    public async Task Sockudo_read_history_stops_with_an_api_exception_when_has_more_comes_without_a_cursor()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"items":[],"has_more":true,"next_cursor":null}""";

        await Assert.ThrowsAsync<ApinatorApiException>(async () =>
        {
            await foreach (var _ in wire.Extensions.ReadHistoryAsync("history-room")) { }
        });
        Assert.Single(wire.Handler.Requests);
    }
}
