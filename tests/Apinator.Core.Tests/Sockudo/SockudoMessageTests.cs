using Apinator.Rest;
using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>Sockudo versioned messages, annotations, force_reconnect and idempotent publish at the HTTP level.</summary>
public class SockudoMessageTests
{
    private const string Mutated = """{"channel":"chat:room-1","message_serial":"msg:1","action":"update","accepted":true,"status":"applied"}""";

    [Fact]
    public async Task Sockudo_get_message_and_versions_use_the_node_sdk_paths_and_parameters()
    {
        using var wire = new SockudoWire();
        // sockudo/sockudo-http-node tests/integration/sockudo/get.js "#getMessage" reply.
        wire.Handler.ResponseBody = """{"channel":"chat:room-1","item":{"message_serial":"msg:1","action":"update","data":"hello brave"}}""";
        var latest = await wire.Extensions.GetMessageAsync("chat:room-1", "msg:1");
        // Same get.js "#getMessageVersions": cursor=abc&direction=oldest_first&limit=10.
        wire.Handler.ResponseBody = """{"channel":"chat:room-1","direction":"oldest_first","limit":10,"has_more":false,"items":[{"message_serial":"msg:1","action":"update","data":"hello"}]}""";
        var versions = await wire.Extensions.GetMessageVersionsAsync("chat:room-1", "msg:1", new PageQuery { Limit = 10, Direction = HistoryDirection.OldestFirst, Cursor = "abc" });

        SockudoWire.AssertSent(wire.Handler.Requests[0], HttpMethod.Get, "/apps/app-1/channels/chat:room-1/messages/msg:1", null);
        SockudoWire.AssertSent(wire.Handler.Requests[1], HttpMethod.Get, "/apps/app-1/channels/chat:room-1/messages/msg:1/versions", null, ("cursor", "abc"), ("direction", "oldest_first"), ("limit", "10"));
        Assert.Equal(("msg:1", "update", "hello brave"), (latest.MessageSerial, latest.Action, latest.Data!.Value.GetString()));
        Assert.Equal("hello", Assert.Single(versions.Items).Data!.Value.GetString());
    }

    // Bodies and their body_md5 from sockudo/sockudo-http-node tests/integration/sockudo/post.js
    // ("#updateMessage", "#deleteMessage", "#appendMessage").
    [Fact]
    public async Task Sockudo_update_delete_append_send_the_node_sdk_bodies_byte_for_byte()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = Mutated;

        var updated = await wire.Extensions.UpdateMessageAsync("chat:room-1", "msg:1", new MessageChange { Data = "hello brave", Description = "replace base" });
        await wire.Extensions.DeleteMessageAsync("chat:room-1", "msg:1", new MessageChange { ClearFields = MessageFields.Data | MessageFields.Extras, Description = "soft delete" });
        await wire.Extensions.AppendMessageAsync("chat:room-1", "msg:1", new MessageChange { Data = " world", Description = "append suffix" });

        var r = wire.Handler.Requests;
        SockudoWire.AssertSent(r[0], HttpMethod.Post, "/apps/app-1/channels/chat:room-1/messages/msg:1/update", """{"data":"hello brave","description":"replace base"}""");
        Assert.Equal("5cd6e1d8509654b09eb942c6e1b3efe4", SockudoWire.BodyMd5(r[0]));
        SockudoWire.AssertSent(r[1], HttpMethod.Post, "/apps/app-1/channels/chat:room-1/messages/msg:1/delete", """{"clear_fields":["data","extras"],"description":"soft delete"}""");
        Assert.Equal("ca60a32ee8dbfc527332ba3b02a6457a", SockudoWire.BodyMd5(r[1]));
        SockudoWire.AssertSent(r[2], HttpMethod.Post, "/apps/app-1/channels/chat:room-1/messages/msg:1/append", """{"data":" world","description":"append suffix"}""");
        Assert.Equal("5f02618871c7f264671e16b581f9a4b6", SockudoWire.BodyMd5(r[2]));
        Assert.Equal(new MessageMutationResult("chat:room-1", "msg:1", "update", true, null, "applied"), updated);
    }

    [Fact]
    public async Task Sockudo_annotations_publish_camel_case_list_and_delete()
    {
        using var wire = new SockudoWire();
        // Body names: sockudo/sockudo crates/sockudo-server/src/http_handler/annotations/mod.rs, PublishAnnotationRequest is
        // #[serde(rename_all = "camelCase")] (clientId, socketId); answers PublishAnnotationResponse/DeleteAnnotationResponse likewise.
        wire.Handler.ResponseBody = """{"annotationSerial":"ann:1"}""";
        var serial = await wire.Extensions.PublishAnnotationAsync("chat:room-1", "msg:1", new Annotation("reaction:distinct.v1") { Name = "like", ClientId = "alice" });
        wire.Handler.ResponseBody = """{"channel":"chat:room-1","messageSerial":"msg:1","limit":10,"hasMore":false,"nextCursor":null,"items":[{"action":"annotation.create","serial":"ann:1","messageSerial":"msg:1","type":"reaction:distinct.v1","name":"like","clientId":"alice"}]}""";
        var page = await wire.Extensions.ListAnnotationsAsync("chat:room-1", "msg:1", new AnnotationQuery { Type = "reaction:distinct.v1", Limit = 10 });
        wire.Handler.ResponseBody = """{"annotationSerial":"ann:2","deletedAnnotationSerial":"ann:1"}""";
        var deleted = await wire.Extensions.DeleteAnnotationAsync("chat:room-1", "msg:1", "ann:1", "123.456");

        var r = wire.Handler.Requests;
        SockudoWire.AssertSent(r[0], HttpMethod.Post, "/apps/app-1/channels/chat:room-1/messages/msg:1/annotations", """{"type":"reaction:distinct.v1","name":"like","clientId":"alice"}""");
        // Query names: AnnotationEventsQuery in the same file (type, limit, from_serial, socket_id).
        SockudoWire.AssertSent(r[1], HttpMethod.Get, "/apps/app-1/channels/chat:room-1/messages/msg:1/annotations", null, ("limit", "10"), ("type", "reaction:distinct.v1"));
        // sockudo-http-node tests/integration/sockudo/post.js "#deleteAnnotation": DELETE …/annotations/ann:1?…&socket_id=123.456.
        SockudoWire.AssertSent(r[2], HttpMethod.Delete, "/apps/app-1/channels/chat:room-1/messages/msg:1/annotations/ann:1", null, ("socket_id", "123.456"));
        Assert.Equal("ann:1", serial);
        Assert.Equal(("annotation.create", "alice"), (Assert.Single(page.Items).Action, page.Items[0].ClientId));
        Assert.Equal("ann:2", deleted);
    }

    [Fact]
    public async Task Sockudo_force_reconnect_posts_to_the_server_route()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"ok":true}""";

        await wire.Extensions.ForceReconnectUserAsync("user-1");

        // sockudo/sockudo crates/sockudo-server/src/bootstrap/router.rs: POST /apps/{appId}/users/{userId}/force_reconnect; body {}
        // as server-sdks/sockudo-http-python client.py force_reconnect_user posts it (tests/test_client.py test_force_reconnect_user_posts_to_correct_path).
        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Post, "/apps/app-1/users/user-1/force_reconnect", "{}");
    }

    public static TheoryData<Func<ISockudoExtensions, Task>> BadCalls => new()
    {
        x => x.GetMessageAsync("chat:room-1", ""),
        x => x.GetMessageAsync("chat:room-1", "a/b"),
        x => x.GetMessageAsync("", "msg:1"),
        x => x.GetMessageAsync("bad channel", "msg:1"),
        x => x.GetHistoryAsync("c", new HistoryQuery { Limit = 0 }),
        x => x.GetHistoryAsync("c", new HistoryQuery { Limit = 1001 }),
        x => x.GetHistoryAsync("c", new HistoryQuery { Direction = (HistoryDirection)7 }),
        x => x.GetHistoryAsync("c", new HistoryQuery { Cursor = "" }),
        x => x.GetHistoryAsync("c", new HistoryQuery { StartSerial = 5, EndSerial = 4 }),
        x => x.GetMessageVersionsAsync("c", "msg:1", new PageQuery { Limit = -1 }),
        x => x.UpdateMessageAsync("c", "msg:1", new MessageChange()),
        x => x.UpdateMessageAsync("c", "msg:1", new MessageChange { Data = "x", ClearFields = MessageFields.Data }),
        x => x.DeleteMessageAsync("c", "msg:1", new MessageChange { Name = "n" }),
        x => x.AppendMessageAsync("c", "msg:1", new MessageChange { Data = "" }),
        x => x.PublishAnnotationAsync("c", "msg:1", new Annotation("")),
        x => x.PublishAnnotationAsync("c", "msg:1", new Annotation("t") { Count = 0 }),
        x => x.DeleteAnnotationAsync("c", "msg:1", "ann:1", "not-a-socket"),
        x => x.ListAnnotationsAsync("c", "msg:1", new AnnotationQuery { Limit = 0 }),
        x => x.ForceReconnectUserAsync(""),
        // Presence snapshots: only presence- channels (the server's channel_presence_history_snapshot_rejects_non_presence_channel
        // uses private-room; sockudo-http-go ChannelPresenceSnapshot and the node SDK's validatePresenceChannel refuse them before
        // sending); at_serial is a u64 on the server and a negative at_time_ms is before any event.
        x => x.GetPresenceSnapshotAsync("private-room"),
        x => x.GetPresenceSnapshotAsync("public-room"),
        x => x.GetPresenceSnapshotAsync(""),
        x => x.GetPresenceSnapshotAsync(null!),
        x => x.GetPresenceSnapshotAsync("presence-bad room"),
        x => x.GetPresenceSnapshotAsync("presence-" + new string('a', 200)),
        x => x.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtSerial = -1 }),
        x => x.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtTimeMs = -1 }),
        x => x.GetPresenceSnapshotAsync("presence-room", new PresenceSnapshotQuery { AtSerial = long.MinValue, AtTimeMs = 5 }),
        // History state: the channel name rules of every call; presence history state only for presence- channels (the server's
        // channel_presence_history_state answers 400 "Only presence channels support this endpoint", presence_history/mod.rs).
        x => x.GetHistoryStateAsync(""),
        x => x.GetHistoryStateAsync(null!),
        x => x.GetHistoryStateAsync("bad channel"),
        x => x.GetHistoryStateAsync("orders/history"),
        x => x.GetHistoryStateAsync(new string('a', 201)),
        x => x.GetPresenceHistoryStateAsync("orders"),
        x => x.GetPresenceHistoryStateAsync("private-orders"),
        x => x.GetPresenceHistoryStateAsync(""),
        x => x.GetPresenceHistoryStateAsync(null!),
        x => x.GetPresenceHistoryStateAsync("presence-bad room"),
        x => x.GetPresenceHistoryStateAsync("presence-" + new string('a', 200)),
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Sockudo_bad_input_fails_with_a_validation_error_and_sends_nothing(Func<ISockudoExtensions, Task> call)
    {
        using var wire = new SockudoWire();

        await Assert.ThrowsAsync<ApinatorValidationException>(() => call(wire.Extensions));
        Assert.Empty(wire.Handler.Requests);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public async Task Sockudo_extensions_on_another_protocol_fail_before_sending_and_name_sockudo(ApinatorProtocol protocol)
    {
        using var wire = new SockudoWire(protocol);
        Func<Task>[] calls =
        [
            () => wire.Extensions.GetHistoryAsync("c"),
            () => wire.Extensions.GetPresenceHistoryAsync("presence-c"),
            () => wire.Extensions.GetHistoryStateAsync("c"),
            () => wire.Extensions.GetPresenceSnapshotAsync("presence-c"),
            () => wire.Extensions.GetPresenceHistoryStateAsync("presence-c"),
            () => wire.Extensions.GetMessageAsync("c", "msg:1"),
            () => wire.Extensions.GetMessageVersionsAsync("c", "msg:1"),
            () => wire.Extensions.UpdateMessageAsync("c", "msg:1", new MessageChange { Data = "x" }),
            () => wire.Extensions.DeleteMessageAsync("c", "msg:1"),
            () => wire.Extensions.AppendMessageAsync("c", "msg:1", new MessageChange { Data = "x" }),
            () => wire.Extensions.PublishAnnotationAsync("c", "msg:1", new Annotation("t")),
            () => wire.Extensions.ListAnnotationsAsync("c", "msg:1"),
            () => wire.Extensions.DeleteAnnotationAsync("c", "msg:1", "ann:1"),
            () => wire.Extensions.ForceReconnectUserAsync("u"),
            () => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { IdempotencyKey = "k" }),
            () => wire.Test.Client.TriggerBatchAsync([new BatchEvent("c", "e", "x") { IdempotencyKey = "k" }]),
            () => wire.Test.Client.TriggerBatchAsync([new BatchEvent("c", "e", "x")], new BatchTriggerOptions { IdempotencyKey = "k" }),
        ];

        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<ApinatorUnsupportedException>(call);
            Assert.Equal(ApinatorProtocol.Sockudo, e.OfferedBy);
            Assert.Contains("Sockudo", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ApinatorUnsupportedException>(() => wire.Extensions.ReadHistoryAsync("c"));
        Assert.Empty(wire.Handler.Requests);
    }
}
