using System.Net;
using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>
/// Sockudo annotations as Sockudo answers them: sockudo/sockudo crates/sockudo-server/src/http_handler/annotations/mod.rs
/// (AnnotationEventsQuery, AnnotationEventsResponse, DeleteAnnotationResponse) and crates/sockudo-protocol/src/messages.rs
/// (AnnotationEventData, camelCase).
/// </summary>
public class SockudoAnnotationTests
{
    private const string Path = "/apps/app-1/channels/chat:room-1/messages/msg:1/annotations";

    [Fact]
    public async Task Delete_returns_the_serial_of_the_delete_event_not_the_deleted_annotation()
    {
        using var wire = new SockudoWire();
        // delete_annotation answers DeleteAnnotationResponse { annotation_serial: the new annotation.delete event's serial,
        // deleted_annotation_serial: the target's }.
        wire.Handler.ResponseBody = """{"annotationSerial":"ann:0000000009","deletedAnnotationSerial":"ann:0000000004"}""";

        var serial = await wire.Extensions.DeleteAnnotationAsync("chat:room-1", "msg:1", "ann:0000000004");

        Assert.Equal("ann:0000000009", serial);
        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Delete, Path + "/ann:0000000004", null);
    }

    [Fact]
    public async Task Annotation_events_carry_id_message_serial_and_encoding()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """
            {"channel":"chat:room-1","messageSerial":"msg:1","limit":100,"hasMore":false,"nextCursor":null,"items":[
              {"action":"annotation.create","id":"a-1","serial":"ann:1","messageSerial":"msg:1","type":"reaction:distinct.v1","name":"like","clientId":"alice","data":"aGk=","encoding":"base64","timestamp":1700000000000},
              {"action":"annotation.delete","serial":"ann:2","messageSerial":"msg:1","type":"reaction:distinct.v1","name":"like","clientId":"alice","timestamp":1700000000500}]}
            """;

        var page = await wire.Extensions.ListAnnotationsAsync("chat:room-1", "msg:1");

        var created = page.Items[0];
        Assert.Equal(("a-1", "msg:1", "base64", "aGk=", 1700000000000L), (created.Id, created.MessageSerial, created.Encoding, created.Data!.Value.GetString(), created.Timestamp!.Value));
        var deleted = page.Items[1];
        // AnnotationEventData skips `id` unless the action is annotation.create.
        Assert.Equal(("annotation.delete", null, "msg:1", null), (deleted.Action, deleted.Id, deleted.MessageSerial, deleted.Encoding));
    }

    [Fact]
    public async Task The_list_sends_the_reading_socket_as_socket_id()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"hasMore":false,"nextCursor":null,"items":[]}""";

        await wire.Extensions.ListAnnotationsAsync("chat:room-1", "msg:1", new AnnotationQuery { SocketId = "123.456", FromSerial = "ann:3" });

        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Get, Path, null, ("from_serial", "ann:3"), ("socket_id", "123.456"));
    }

    [Fact]
    public async Task Read_follows_next_cursor_as_from_serial_until_has_more_is_false()
    {
        using var wire = new SockudoWire();
        // channel_message_annotations: next_cursor is the page's last annotation serial, and from_serial reads after it.
        var pages = new Queue<string>(
        [
            """{"limit":2,"hasMore":true,"nextCursor":"ann:2","items":[{"action":"annotation.create","serial":"ann:1","type":"t"},{"action":"annotation.create","serial":"ann:2","type":"t"}]}""",
            """{"limit":2,"hasMore":false,"nextCursor":null,"items":[{"action":"annotation.delete","serial":"ann:3","type":"t"}]}""",
        ]);
        wire.Handler.Respond = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pages.Dequeue()) });

        var serials = new List<string>();
        await foreach (var e in wire.Extensions.ReadAnnotationsAsync("chat:room-1", "msg:1", new AnnotationQuery { Type = "t", Limit = 2 })) serials.Add(e.Serial);

        Assert.Equal(["ann:1", "ann:2", "ann:3"], serials);
        var r = wire.Handler.Requests;
        Assert.Equal(2, r.Count);
        SockudoWire.AssertSent(r[0], HttpMethod.Get, Path, null, ("limit", "2"), ("type", "t"));
        SockudoWire.AssertSent(r[1], HttpMethod.Get, Path, null, ("from_serial", "ann:2"), ("limit", "2"), ("type", "t"));
    }

    public static TheoryData<Func<ISockudoExtensions, Task>> BadCalls => new()
    {
        // MAX_VERSIONED_SERIAL_LENGTH is 128 for message and annotation serials (sockudo-core versioned_messages.rs, annotations/types.rs).
        x => x.GetMessageAsync("chat", new string('m', 129)),
        x => x.DeleteAnnotationAsync("chat", "msg:1", new string('a', 129)),
        x => x.ListAnnotationsAsync("chat", "msg:1", new AnnotationQuery { FromSerial = new string('a', 129) }),
        x => x.ListAnnotationsAsync("chat", "msg:1", new AnnotationQuery { SocketId = "not-a-socket" }),
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Bad_input_fails_before_sending(Func<ISockudoExtensions, Task> call)
    {
        using var wire = new SockudoWire();

        await Assert.ThrowsAsync<ApinatorValidationException>(() => call(wire.Extensions));
        Assert.Throws<ApinatorValidationException>(() => wire.Extensions.ReadAnnotationsAsync("chat", "msg:1", new AnnotationQuery { Limit = 0 }));
        Assert.Empty(wire.Handler.Requests);
    }

    [Fact]
    public async Task A_serial_of_128_characters_is_sent()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"channel":"chat","item":{"message_serial":"m","action":"create"}}""";

        await wire.Extensions.GetMessageAsync("chat", new string('m', 128));

        Assert.Single(wire.Handler.Requests);
    }
}
