using System.Text.Json;
using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;
using Apinator.Encryption;

namespace Apinator.EndToEnd.Encryption;

/// <summary>
/// <c>private-encrypted-</c> channels end to end: pusher-js decrypts what we seal, Soketi only ever
/// relays <c>{nonce, ciphertext}</c>, and the Node SDK and this library read each other's ciphertext.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class EncryptedChannelTests(EndToEndFixture fixture)
{
    private readonly NodeSdk _sdk = new(fixture);

    [Fact]
    public async Task Pusher_js_decrypts_what_we_trigger_while_the_wire_carries_only_ciphertext_the_Node_SDK_can_open()
    {
        var channel = EndToEndFixture.UniqueName("private-encrypted-e2e");
        await using var driver = await PusherDriver.ConnectAsync(fixture, "alice");
        await using var observer = await RawObserver.ConnectAsync(fixture);
        await driver.SubscribeAsync(channel);
        await observer.SubscribeAsync(channel, fixture.Apinator.AuthorizeChannel(observer.SocketId, channel).Auth);
        var payload = new { text = "top secret", n = 7 };

        await fixture.Apinator.TriggerAsync(channel, "sealed", payload);

        var decrypted = await driver.WaitForEventAsync(channel, "sealed");
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(payload), decrypted.GetProperty("data")), decrypted.ToString());

        var frame = await observer.WaitForEventAsync(channel, "sealed");
        var wire = frame.Text("data")!;
        Assert.DoesNotContain("top secret", frame.GetRawText(), StringComparison.Ordinal);
        AssertIsSealedBox(wire);

        var opened = await _sdk.RunAsync("decrypt", new { channel, data = wire });
        Assert.True(opened.GetProperty("ok").GetBoolean(), opened.ToString());
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(payload), opened.GetProperty("json")), opened.ToString());
    }

    [Fact]
    public async Task What_the_Node_SDK_seals_with_the_same_master_key_is_decrypted_by_pusher_js_and_by_us()
    {
        var channel = EndToEndFixture.UniqueName("private-encrypted-e2e");
        await using var driver = await PusherDriver.ConnectAsync(fixture, "alice");
        await using var observer = await RawObserver.ConnectAsync(fixture);
        await driver.SubscribeAsync(channel);
        await observer.SubscribeAsync(channel, fixture.Apinator.AuthorizeChannel(observer.SocketId, channel).Auth);
        var payload = new { from = "node", text = "héllo ✓" };

        var sent = await _sdk.RunAsync("trigger", new { channel, @event = "sealed-by-node", data = payload });
        Assert.Equal(200, sent.GetProperty("status").GetInt32());

        var decrypted = await driver.WaitForEventAsync(channel, "sealed-by-node");
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(payload), decrypted.GetProperty("data")), decrypted.ToString());

        var wire = (await observer.WaitForEventAsync(channel, "sealed-by-node")).Text("data")!;
        AssertIsSealedBox(wire);
        var plaintext = new ChannelEncryption(EndToEndFixture.MasterKeyBase64).Decrypt(channel, wire);
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(payload), JsonDocument.Parse(plaintext).RootElement), plaintext);
    }

    private static void AssertIsSealedBox(string wire)
    {
        using var sealedBox = JsonDocument.Parse(wire);
        Assert.Equal(["ciphertext", "nonce"], sealedBox.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(24, sealedBox.RootElement.GetProperty("nonce").GetBytesFromBase64().Length);
        Assert.True(sealedBox.RootElement.GetProperty("ciphertext").GetBytesFromBase64().Length > 16);
    }
}
