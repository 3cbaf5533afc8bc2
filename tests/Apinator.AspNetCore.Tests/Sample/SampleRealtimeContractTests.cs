using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Tests.Webhooks;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>The sample's realtime contract: who may join which channel, and what webhooks do.</summary>
public sealed class SampleRealtimeContractTests : IDisposable
{
    private const string SocketId = "123.456";
    private readonly SampleApp _sample = new();

    public void Dispose() => _sample.Dispose();

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Signed_in_user_may_join_private_chat(BodyFormat format)
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var body = await OkJsonAsync(await client.SendAsync(AuthRequests.Channel(format, SocketId, "private-chat")));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-chat"), body.GetProperty("auth").GetString());
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Presence_chat_member_is_the_signed_in_name_whatever_the_body_claims(BodyFormat format)
    {
        using var client = await _sample.SignedInClientAsync("alice");
        var request = AuthRequests.Create(format, "/realtime/auth",
            ("socket_id", SocketId),
            ("channel_name", "presence-chat"),
            ("channel_data", """{"user_id":"mallory","user_info":{"name":"mallory"}}"""));

        var body = await OkJsonAsync(await client.SendAsync(request));

        var channelData = body.GetProperty("channel_data").GetString()!;
        using var member = JsonDocument.Parse(channelData);
        Assert.Equal("alice", member.RootElement.GetProperty("user_id").GetString());
        Assert.Equal("alice", member.RootElement.GetProperty("user_info").GetProperty("name").GetString());
        Assert.Equal(ExpectedAuth.Channel(SocketId, "presence-chat", channelData), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Own_private_user_channel_is_allowed_and_another_users_is_refused()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var own = await client.SendAsync(AuthRequests.Channel(BodyFormat.Form, SocketId, "private-user-alice"));
        var other = await client.SendAsync(AuthRequests.Channel(BodyFormat.Form, SocketId, "private-user-bob"));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-user-alice"), (await OkJsonAsync(own)).GetProperty("auth").GetString());
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("private-other")]
    [InlineData("presence-other")]
    [InlineData("private-chat-admin")]
    [InlineData("private-encrypted-chat")]
    public async Task Any_other_channel_is_refused(string channel)
    {
        using var client = await _sample.SignedInClientAsync("alice");

        await ProblemAssert.IsProblemAsync(await client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, channel)), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("private-chat")]
    [InlineData("presence-chat")]
    [InlineData("private-user-alice")]
    public async Task Anonymous_request_is_401(string channel)
    {
        using var client = _sample.CreateCookieClient();

        await ProblemAssert.IsProblemAsync(await client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, channel)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task User_sign_in_uses_the_signed_in_name()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var body = await OkJsonAsync(await client.SendAsync(AuthRequests.Create(BodyFormat.Form, "/realtime/user-auth", ("socket_id", SocketId))));

        var userData = body.GetProperty("user_data").GetString()!;
        Assert.Equal("""{"id":"alice","name":"alice"}""", userData);
        Assert.Equal(ExpectedAuth.User(SocketId, userData), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Signed_webhooks_appear_in_the_activity_newest_first()
    {
        using var client = _sample.CreateClient();
        var now = _sample.Time.GetUtcNow();

        var occupied = await client.SendAsync(WebhookDeliveries.Pusher(WebhookDeliveries.Envelope(now,
            """{"name":"channel_occupied","channel":"presence-chat"}""")));
        _sample.Time.Advance(TimeSpan.FromSeconds(2));
        var added = await client.SendAsync(WebhookDeliveries.Pusher(WebhookDeliveries.Envelope(_sample.Time.GetUtcNow(),
            """{"name":"member_added","channel":"presence-chat","user_id":"alice"}""")));

        Assert.Equal(HttpStatusCode.OK, occupied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var activity = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/activity", UriKind.Relative)));
        var entries = activity.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, entries.Length);
        Assert.Equal("member_added", entries[0].GetProperty("event").GetString());
        Assert.Equal("presence-chat", entries[0].GetProperty("channel").GetString());
        Assert.Equal("alice", entries[0].GetProperty("userId").GetString());
        Assert.Equal(now.AddSeconds(2), entries[0].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("channel_occupied", entries[1].GetProperty("event").GetString());
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("userId").ValueKind);
    }

    [Fact]
    public async Task Unsigned_webhook_is_refused_and_leaves_no_activity()
    {
        using var client = _sample.CreateClient();
        var request = WebhookDeliveries.Pusher(WebhookDeliveries.Envelope(_sample.Time.GetUtcNow(),
            """{"name":"member_added","channel":"presence-chat","user_id":"mallory"}"""), secret: "guessed-secret");

        await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized);

        using var activity = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/activity", UriKind.Relative)));
        Assert.Equal(0, activity.RootElement.GetArrayLength());
    }
}
