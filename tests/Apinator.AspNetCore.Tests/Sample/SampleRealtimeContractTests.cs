using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Testing;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>
/// The sample's realtime contract: who may join which channel, and what webhooks do. Asked through the
/// test kit's auth and webhook clients, which sign and verify independently of the library.
/// </summary>
public sealed class SampleRealtimeContractTests : IDisposable
{
    private const string SocketId = "123.456";
    private readonly SampleApp _sample = new();

    public void Dispose() => _sample.Dispose();

    private static AuthBodyFormat Kit(BodyFormat format) => format == BodyFormat.Json ? AuthBodyFormat.Json : AuthBodyFormat.Form;

    [Fact]
    public async Task Replayed_webhook_is_refused_once_it_is_past_the_maximum_age()
    {
        using var client = _sample.CreateClient();
        var webhooks = _sample.CreateWebhookClient();

        var first = await webhooks.SendAsync(WebhookTestEvent.MemberAdded("presence-chat", "alice"));
        _sample.Time.Advance(TimeSpan.FromMinutes(6));
        var replay = await webhooks.ReplayAsync();

        first.EnsureAccepted();
        replay.EnsureRefused(HttpStatusCode.Unauthorized);
        using var activity = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/activity", UriKind.Relative)));
        Assert.Equal(1, activity.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Signed_in_user_may_join_private_chat(BodyFormat format)
    {
        using var client = await _sample.SignedInClientAsync("alice");
        var auth = _sample.CreateAuthClient(client).WithBodyFormat(Kit(format));

        var grant = (await auth.AuthorizeChannelAsync("private-chat", SocketId)).EnsureGranted();

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-chat"), grant.Auth);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Presence_chat_member_is_the_signed_in_name_whatever_the_body_claims(BodyFormat format)
    {
        using var client = await _sample.SignedInClientAsync("alice");
        var auth = _sample.CreateAuthClient(client).WithBodyFormat(Kit(format));

        var grant = (await auth.AuthorizeChannelAsync("presence-chat", SocketId, channelData: """{"user_id":"mallory","user_info":{"name":"mallory"}}""")).EnsureGranted();

        Assert.Equal("alice", grant.UserId);
        Assert.Equal("alice", grant.UserInfo!.Value.GetProperty("name").GetString());
        Assert.Equal(ExpectedAuth.Channel(SocketId, "presence-chat", grant.ChannelData), grant.Auth);
    }

    [Fact]
    public async Task Own_private_user_channel_is_allowed_and_another_users_is_refused()
    {
        using var client = await _sample.SignedInClientAsync("alice");
        var auth = _sample.CreateAuthClient(client).WithBodyFormat(AuthBodyFormat.Form);

        var own = await auth.AuthorizeChannelAsync("private-user-alice", SocketId);
        var other = await auth.AuthorizeChannelAsync("private-user-bob", SocketId);

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-user-alice"), own.EnsureGranted().Auth);
        other.EnsureRefused(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("private-other")]
    [InlineData("presence-other")]
    [InlineData("private-chat-admin")]
    [InlineData("private-encrypted-chat")]
    public async Task Any_other_channel_is_refused(string channel)
    {
        using var client = await _sample.SignedInClientAsync("alice");

        (await _sample.CreateAuthClient(client).AuthorizeChannelAsync(channel, SocketId)).EnsureRefused(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("private-chat")]
    [InlineData("presence-chat")]
    [InlineData("private-user-alice")]
    public async Task Anonymous_request_is_401(string channel)
    {
        using var client = _sample.CreateCookieClient();

        var refusal = (await _sample.CreateAuthClient(client).AuthorizeChannelAsync(channel, SocketId)).EnsureRefused(HttpStatusCode.Unauthorized);

        Assert.NotNull(refusal.Title); // an RFC 7807 problem, not a bare status
    }

    [Fact]
    public async Task User_sign_in_uses_the_signed_in_name()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var grant = (await _sample.CreateAuthClient(client).WithBodyFormat(AuthBodyFormat.Form).AuthenticateUserAsync(SocketId)).EnsureGranted();

        Assert.Equal("""{"id":"alice","name":"alice"}""", grant.UserData);
        Assert.Equal(ExpectedAuth.User(SocketId, grant.UserData), grant.Auth);
    }

    [Fact]
    public async Task Signed_webhooks_appear_in_the_activity_newest_first()
    {
        using var client = _sample.CreateClient();
        var webhooks = _sample.CreateWebhookClient();
        var now = _sample.Time.GetUtcNow();

        var occupied = await webhooks.SendAsync(WebhookTestEvent.ChannelOccupied("presence-chat"));
        _sample.Time.Advance(TimeSpan.FromSeconds(2));
        var added = await webhooks.SendAsync(WebhookTestEvent.MemberAdded("presence-chat", "alice"));

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
        var webhooks = _sample.CreateWebhookClient();

        var forged = await webhooks.SendWithBadSignatureAsync(WebhookTestEvent.MemberAdded("presence-chat", "mallory"));
        var stale = await webhooks.SendExpiredAsync(WebhookTestEvent.MemberAdded("presence-chat", "mallory"));

        forged.EnsureRefused(HttpStatusCode.Unauthorized);
        stale.EnsureRefused(HttpStatusCode.Unauthorized);

        using var activity = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/activity", UriKind.Relative)));
        Assert.Equal(0, activity.RootElement.GetArrayLength());
    }
}
