using System.Text.Json;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Rest;

/// <summary>What a publish queue accepts: checked as a trigger is, data fixed as the text a trigger sends.</summary>
public class PrepareTriggerTests
{
    public static TheoryData<string> BadTriggers() => ["bad channel", "bad event", "too many channels", "bad socket id", "encrypted with another", "data too large", "no master key", "key on Pusher"];

    private static (string[] Channels, string Event, object? Data, TriggerOptions? Options) Trigger(string which) => which switch
    {
        "bad channel" => (["with space"], "e", "x", null),
        "bad event" => (["a"], new string('e', 201), "x", null),
        "too many channels" => ([.. Enumerable.Range(0, 101).Select(i => $"c{i}")], "e", "x", null),
        "bad socket id" => (["a"], "e", "x", new TriggerOptions { SocketId = "abc" }),
        "encrypted with another" => (["private-encrypted-a", "b"], "e", "x", null),
        "data too large" => (["a"], "e", new { text = new string('x', 20_000) }, null),
        "no master key" => (["private-encrypted-a"], "e", "x", null),
        _ => (["a"], "e", "x", new TriggerOptions { IdempotencyKey = "k-1" }),
    };

    [Theory]
    [MemberData(nameof(BadTriggers))]
    public async Task A_trigger_TriggerAsync_refuses_is_refused_the_same_way(string which)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher, o => o.MaxDataBytes = 10_240);
        var (channels, eventName, data, options) = Trigger(which);

        var triggered = await Assert.ThrowsAnyAsync<ApinatorException>(() => test.Client.TriggerAsync(channels, eventName, data, options));
        var prepared = Assert.ThrowsAny<ApinatorException>(() => test.Client.PrepareTrigger(channels, eventName, data, options));

        Assert.Equal(triggered.GetType(), prepared.GetType());
        Assert.Equal(triggered.Message, prepared.Message);
        Assert.Empty(test.Handler.Requests);
    }

    [Fact]
    public async Task The_prepared_data_is_sent_as_the_trigger_would_send_it()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var data = new { text = "héllo <b>", n = 1.5, list = new[] { 1, 2 } };

        await test.Client.TriggerAsync("a", "e", data);
        var prepared = test.Client.PrepareTrigger(["a"], "e", data);
        await test.Client.TriggerBatchAsync(prepared);

        var trigger = JsonDocument.Parse(test.Handler.Requests[0].BodyText).RootElement.GetProperty("data").GetRawText();
        var batch = JsonDocument.Parse(test.Handler.Requests[1].BodyText).RootElement.GetProperty("batch")[0].GetProperty("data").GetRawText();
        Assert.Equal(trigger, batch);
        Assert.IsType<string>(Assert.Single(prepared).Data);
    }

    [Fact]
    public void On_Sockudo_every_channel_copy_gets_its_own_key_and_elsewhere_none()
    {
        using var sockudo = new TestClient(ApinatorProtocol.Sockudo);
        using var pusher = new TestClient(ApinatorProtocol.Pusher);

        var generated = sockudo.Client.PrepareTrigger(["a", "b"], "e", "x");
        var given = sockudo.Client.PrepareTrigger(["a", "b"], "e", "x", new TriggerOptions { IdempotencyKey = "order-7" });
        var none = pusher.Client.PrepareTrigger(["a", "b"], "e", "x");

        Assert.Equal(["a", "b"], generated.Select(e => e.Channel));
        Assert.All(generated, e => Assert.NotNull(e.IdempotencyKey));
        Assert.NotEqual(generated[0].IdempotencyKey, generated[1].IdempotencyKey);
        Assert.Equal(["order-7:0", "order-7:1"], given.Select(e => e.IdempotencyKey));
        Assert.All(none, e => Assert.Null(e.IdempotencyKey));
    }
}
