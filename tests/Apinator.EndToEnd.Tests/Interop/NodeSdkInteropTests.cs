using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apinator.Channels;
using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;

namespace Apinator.EndToEnd.Interop;

/// <summary>The official Node server SDK and this library, side by side against the same Soketi and pusher-js.</summary>
[Collection(EndToEndCollection.Name)]
public class NodeSdkInteropTests(EndToEndFixture fixture)
{
    private const string SocketId = "123456.7891011";
    private readonly NodeSdk _sdk = new(fixture);

    [Fact]
    public async Task The_same_event_triggered_by_the_Node_SDK_and_by_us_arrives_identically_at_pusher_js()
    {
        var channel = EndToEndFixture.UniqueName("e2e-interop");
        await using var driver = await PusherDriver.ConnectAsync(fixture);
        await driver.SubscribeAsync(channel);
        var payload = JsonNode.Parse("""{"text":"héllo ✓ <b>&amp;</b> \"quoted\"","n":1.5,"list":[1,"two",null,true],"nested":{"a":{"b":[]}}}""")!;

        foreach (var data in new object[] { payload, "plain text, not JSON" })
        {
            var from = driver.Process.Lines.Count;
            var node = await _sdk.RunAsync("trigger", new { channel, @event = "same-event", data });
            Assert.Equal(200, node.GetProperty("status").GetInt32());
            var byNode = await driver.WaitForEventAsync(channel, "same-event", from);

            from = driver.Process.Lines.Count;
            await fixture.Apinator.TriggerAsync(channel, "same-event", data);
            var byUs = await driver.WaitForEventAsync(channel, "same-event", from);

            Assert.Equal(byNode.Text("event"), byUs.Text("event"));
            Assert.True(JsonElement.DeepEquals(byNode.GetProperty("data"), byUs.GetProperty("data")), $"Node SDK: {byNode}\nours: {byUs}");
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(data), byUs.GetProperty("data")), byUs.ToString());
        }
    }

    [Fact]
    public async Task Private_channel_auth_equals_the_Node_SDKs()
    {
        var channel = EndToEndFixture.UniqueName("private-interop");

        var node = await _sdk.RunAsync("authorizeChannel", new { socket_id = SocketId, channel });
        var endpoint = await PostAuthAsync(EndToEndFixture.ChannelAuthPath, "alice", null, new() { ["socket_id"] = SocketId, ["channel_name"] = channel });

        AssertSameJson(node, endpoint);
        Assert.Equal(node.Text("auth"), fixture.Apinator.AuthorizeChannel(SocketId, channel).Auth);
    }

    [Fact]
    public async Task Presence_channel_auth_equals_the_Node_SDKs_for_the_same_channel_data()
    {
        var channel = EndToEndFixture.UniqueName("presence-interop");

        var node = await _sdk.RunAsync("authorizeChannel", new { socket_id = SocketId, channel, presence_data = new { user_id = "alice", user_info = new { name = "Alice" } } });
        var endpoint = await PostAuthAsync(EndToEndFixture.ChannelAuthPath, "alice", "Alice", new() { ["socket_id"] = SocketId, ["channel_name"] = channel });
        var ours = fixture.Apinator.AuthorizeChannel(SocketId, channel, new PresenceMember("alice", new { name = "Alice" }));

        AssertSameJson(node, endpoint);
        Assert.Equal(node.Text("channel_data"), ours.ChannelData);
        Assert.Equal(node.Text("auth"), ours.Auth);
    }

    [Fact]
    public async Task Encrypted_channel_auth_and_shared_secret_equal_the_Node_SDKs()
    {
        var channel = EndToEndFixture.UniqueName("private-encrypted-interop");

        var node = await _sdk.RunAsync("authorizeChannel", new { socket_id = SocketId, channel });
        var endpoint = await PostAuthAsync(EndToEndFixture.ChannelAuthPath, "alice", null, new() { ["socket_id"] = SocketId, ["channel_name"] = channel });

        Assert.NotNull(node.Text("shared_secret"));
        AssertSameJson(node, endpoint);
    }

    [Fact]
    public async Task User_sign_in_equals_the_Node_SDKs()
    {
        var node = await _sdk.RunAsync("authenticateUser", new { socket_id = SocketId, user_data = new { id = "alice", name = "Alice" } });
        var endpoint = await PostAuthAsync(EndToEndFixture.UserAuthPath, "alice", "Alice", new() { ["socket_id"] = SocketId });
        var ours = fixture.Apinator.AuthenticateUser(SocketId, new UserData("alice", new { name = "Alice" }));

        AssertSameJson(node, endpoint);
        Assert.Equal(node.Text("user_data"), ours.UserData);
        Assert.Equal(node.Text("auth"), ours.Auth);
    }

    /// <summary>POSTs form-encoded, as pusher-js does, as the given user; returns the JSON answer.</summary>
    private async Task<JsonElement> PostAuthAsync(string path, string user, string? name, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(HeaderAuthenticationHandler.UserHeader, user);
        if (name is not null) request.Headers.Add(HeaderAuthenticationHandler.NameHeader, name);
        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Node SDK: {expected}\nours:     {actual}");
}
