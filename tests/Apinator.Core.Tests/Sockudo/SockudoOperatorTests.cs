using Apinator.Sockudo;

namespace Apinator.Tests.Sockudo;

/// <summary>Sockudo operator calls (history reset and purge, force reconnect) at the HTTP level.</summary>
public class SockudoOperatorTests
{
    // Paths: sockudo/sockudo server-sdks/sockudo-http-python/tests/test_client.py (POST …/channels/orders/history/reset,
    // …/history/purge, …/presence-orders/presence/history/reset). Body members and their order: the same SDK's
    // src/sockudo_http_python/client.py (_operator_payload, purge_channel_history) and the server's HistoryResetRequestBody /
    // HistoryPurgeRequestBody (crates/sockudo-server/src/http_handler/history/mod.rs; mode values from HistoryPurgeMode).
    [Fact]
    public async Task Sockudo_history_reset_and_purge_send_the_confirmation_sockudo_requires()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"ok":true,"operation":"purge","channel":"orders","purged_messages":3,"purged_bytes":120}""";

        await wire.Extensions.ResetHistoryAsync("orders", "repair");
        var purged = await wire.Extensions.PurgeHistoryAsync("orders", new HistoryPurge("trim") { BeforeSerial = 10 });
        await wire.Extensions.PurgeHistoryAsync("orders", new HistoryPurge("gdpr") { RequestedBy = "ops" });
        await wire.Extensions.ResetPresenceHistoryAsync("presence-orders", "repair");

        var r = wire.Handler.Requests;
        SockudoWire.AssertSent(r[0], HttpMethod.Post, "/apps/app-1/channels/orders/history/reset", """{"confirm_channel":"orders","confirm_operation":"reset","reason":"repair"}""");
        SockudoWire.AssertSent(r[1], HttpMethod.Post, "/apps/app-1/channels/orders/history/purge", """{"confirm_channel":"orders","confirm_operation":"purge","reason":"trim","mode":"before_serial","before_serial":10}""");
        SockudoWire.AssertSent(r[2], HttpMethod.Post, "/apps/app-1/channels/orders/history/purge", """{"confirm_channel":"orders","confirm_operation":"purge","reason":"gdpr","requested_by":"ops","mode":"all"}""");
        SockudoWire.AssertSent(r[3], HttpMethod.Post, "/apps/app-1/channels/presence-orders/presence/history/reset", """{"confirm_channel":"presence-orders","confirm_operation":"reset","reason":"repair"}""");
        Assert.Equal(("purge", "orders", 3L, 120L), (purged.Operation, purged.Channel, purged.PurgedMessages!.Value, purged.PurgedBytes!.Value));
    }

    public static TheoryData<Func<ISockudoExtensions, Task>> BadCalls => new()
    {
        x => x.ResetHistoryAsync("orders", " "),
        x => x.ResetHistoryAsync("orders", "r", ""),
        x => x.PurgeHistoryAsync("orders", new HistoryPurge("r") { BeforeSerial = 1, BeforeTimeMs = 2 }),
        x => x.PurgeHistoryAsync("orders", new HistoryPurge("r") { BeforeSerial = -1 }),
        x => x.PurgeHistoryAsync("bad channel", new HistoryPurge("r")),
        x => x.ResetPresenceHistoryAsync("orders", "r"),
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Sockudo_bad_operator_input_fails_before_sending(Func<ISockudoExtensions, Task> call)
    {
        using var wire = new SockudoWire();

        await Assert.ThrowsAsync<ApinatorValidationException>(() => call(wire.Extensions));
        Assert.Empty(wire.Handler.Requests);
    }

    [Fact]
    public async Task Sockudo_operator_calls_on_pusher_fail_before_sending()
    {
        using var wire = new SockudoWire(ApinatorProtocol.Pusher);

        await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.ResetHistoryAsync("orders", "r"));
        await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.PurgeHistoryAsync("orders", new HistoryPurge("r")));
        await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Extensions.ResetPresenceHistoryAsync("presence-orders", "r"));
        Assert.Empty(wire.Handler.Requests);
    }
}
