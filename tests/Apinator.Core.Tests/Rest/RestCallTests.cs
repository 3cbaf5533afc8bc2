using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Rest;

/// <summary>Every REST call in every protocol, checked at the wire: method, URI, body bytes, content type and credentials.</summary>
public class RestCallTests
{
    public static TheoryData<ApinatorProtocol> Protocols => new() { ApinatorProtocol.Apinator, ApinatorProtocol.Pusher, ApinatorProtocol.HeaderCredentials };

    private static void AssertSent(RecordedRequest request, ApinatorProtocol protocol, HttpMethod method, string path, string? body, params (string Key, string Value)[] callParameters)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(TestClient.ExpectedAuthority(protocol), request.Uri.GetLeftPart(UriPartial.Authority));
        Assert.Equal(path, request.Path);
        Assert.Equal(callParameters.Select(p => KeyValuePair.Create(p.Key, p.Value)), WireAuthentication.CallParameters(request));
        if (body is null)
        {
            Assert.Null(request.Body);
            Assert.Null(request.ContentType);
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetBytes(body), request.Body);
            Assert.Equal("application/json", request.ContentType);
        }

        WireAuthentication.AssertAuthenticated(request, protocol);
    }

    /// <summary>Apinator names a single channel <c>channel</c>; the Pusher family always sends <c>channels</c>.</summary>
    private static string OneChannel(ApinatorProtocol protocol, string channel) =>
        protocol == ApinatorProtocol.Apinator ? $"\"channel\":\"{channel}\"" : $"\"channels\":[\"{channel}\"]";

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_on_one_channel_sends_string_data_as_is(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        var result = await test.Client.TriggerAsync("chat", "new-message", "{\"hello\":\"world\"}");

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"new-message\"," + OneChannel(protocol, "chat") + ",\"data\":\"{\\\"hello\\\":\\\"world\\\"}\"}");
        Assert.Empty(result.Channels);
    }

    [Fact]
    public async Task Apinator_single_channel_trigger_has_the_documented_shape()
    {
        using var test = new TestClient(ApinatorProtocol.Apinator);

        await test.Client.TriggerAsync("c", "e", "...");

        Assert.Equal("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"...\"}", test.Handler.Single().BodyText);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_serializes_object_data_with_web_defaults_into_a_json_string(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.TriggerAsync("chat", "e", new { Message = "Grüße <b>", Count = 2, Nested = new { IsOk = true }, Missing = (string?)null });

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"e\"," + OneChannel(protocol, "chat") + ",\"data\":\"{\\\"message\\\":\\\"Grüße <b>\\\",\\\"count\\\":2,\\\"nested\\\":{\\\"isOk\\\":true},\\\"missing\\\":null}\"}");
    }

    [Fact]
    public async Task Trigger_uses_the_configured_serializer_options()
    {
        using var test = new TestClient(configure: o => o.JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

        await test.Client.TriggerAsync("c", "e", new { UserName = "ada" });

        // Their encoder may escape differently on the wire; the data text is what counts.
        using var body = JsonDocument.Parse(test.Handler.Single().Body);
        Assert.Equal("{\"user_name\":\"ada\"}", body.RootElement.GetProperty("data").GetString());
        WireAuthentication.AssertAuthenticated(test.Handler.Single(), ApinatorProtocol.Apinator);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_on_many_channels_sends_a_channel_list(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.TriggerAsync(["a", "private-b", "presence-c"], "e", "x");

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"e\",\"channels\":[\"a\",\"private-b\",\"presence-c\"],\"data\":\"x\"}");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_excludes_a_socket_and_asks_for_info(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = "{\"channels\":{\"presence-a\":{\"user_count\":3,\"subscription_count\":5},\"b\":{}}}";

        var result = await test.Client.TriggerAsync(["presence-a", "b"], "e", "x", new TriggerOptions { SocketId = "123.456", Info = ChannelInfo.UserCount | ChannelInfo.SubscriptionCount });

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"e\",\"channels\":[\"presence-a\",\"b\"],\"data\":\"x\",\"socket_id\":\"123.456\",\"info\":\"user_count,subscription_count\"}");
        Assert.Equal(new ChannelCounts(3, 5), result.Channels["presence-a"]);
        Assert.Equal(new ChannelCounts(null, null), result.Channels["b"]);
        Assert.Equal(2, result.Channels.Count);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_on_one_channel_with_socket_and_info(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { SocketId = "1.2", Info = ChannelInfo.SubscriptionCount });

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"e\"," + OneChannel(protocol, "c") + ",\"data\":\"x\",\"socket_id\":\"1.2\",\"info\":\"subscription_count\"}");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_with_null_data_sends_the_json_text_null(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.TriggerAsync("c", "e", null);

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events", "{\"name\":\"e\"," + OneChannel(protocol, "c") + ",\"data\":\"null\"}");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Trigger_on_an_encrypted_channel_sends_a_secretbox_of_the_payload(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol, o => o.EncryptionMasterKeyBase64 = TestClient.MasterKeyBase64);

        await test.Client.TriggerAsync("private-encrypted-vault", "e", new { Secret = "launch code" });

        var request = test.Handler.Single();
        WireAuthentication.AssertAuthenticated(request, protocol);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("e", body.RootElement.GetProperty("name").GetString());
        using var sealedData = JsonDocument.Parse(body.RootElement.GetProperty("data").GetString()!);
        var nonce = sealedData.RootElement.GetProperty("nonce").GetBytesFromBase64();
        var ciphertext = sealedData.RootElement.GetProperty("ciphertext").GetBytesFromBase64();
        Assert.Equal(24, nonce.Length);
        // Per-channel key = SHA-256(channel name ‖ master key), opened with libsodium directly.
        var key = SHA256.HashData([.. "private-encrypted-vault"u8, .. Convert.FromBase64String(TestClient.MasterKeyBase64)]);
        Assert.Equal("{\"secret\":\"launch code\"}", Encoding.UTF8.GetString(Sodium.SecretBox.Open(ciphertext, nonce, key)));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task TriggerBatch_sends_every_event_with_its_options(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = "{\"batch\":[{},{\"subscription_count\":2}]}";

        var result = await test.Client.TriggerBatchAsync(
        [
            new BatchEvent("a", "e1", "{}"),
            new BatchEvent("b", "e2", new { N = 1 }) { SocketId = "1.2", Info = ChannelInfo.SubscriptionCount },
        ]);

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/batch_events",
            "{\"batch\":[{\"channel\":\"a\",\"name\":\"e1\",\"data\":\"{}\"},{\"channel\":\"b\",\"name\":\"e2\",\"data\":\"{\\\"n\\\":1}\",\"socket_id\":\"1.2\",\"info\":\"subscription_count\"}]}");
        Assert.Equal([new ChannelCounts(null, null), new ChannelCounts(null, 2)], result.Batch);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task GetChannels_with_prefix_and_info(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = protocol == ApinatorProtocol.Apinator
            ? "{\"channels\":[{\"name\":\"presence-a\",\"subscription_count\":2,\"user_count\":1},{\"name\":\"presence-b\"}]}"
            : "{\"channels\":{\"presence-a\":{\"subscription_count\":2,\"user_count\":1},\"presence-b\":{}}}";

        var channels = await test.Client.GetChannelsAsync("presence-", ChannelInfo.UserCount);

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Get, "/apps/app-1/channels", null, ("filter_by_prefix", "presence-"), ("info", "user_count"));
        Assert.Equal([new ChannelSummary("presence-a", 2, 1), new ChannelSummary("presence-b", null, null)], channels);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task GetChannels_without_arguments_sends_no_call_parameters(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = "{\"channels\":{}}";

        var channels = await test.Client.GetChannelsAsync();

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Get, "/apps/app-1/channels", null);
        Assert.Empty(channels);
        if (protocol != ApinatorProtocol.Pusher) Assert.Equal("", test.Handler.Single().Uri.Query);
    }

    [Fact]
    public async Task The_query_string_is_escaped_on_the_wire()
    {
        using var test = new TestClient(ApinatorProtocol.Apinator);
        test.Handler.ResponseBody = "{\"channels\":[]}";

        await test.Client.GetChannelsAsync("private-", ChannelInfo.UserCount | ChannelInfo.SubscriptionCount);

        Assert.Equal("/apps/app-1/channels?filter_by_prefix=private-&info=user_count%2Csubscription_count", test.Handler.Single().Uri.PathAndQuery);
    }

    [Theory]
    [InlineData("{\"channels\":[{\"name\":\"a\",\"subscription_count\":4}]}")]
    [InlineData("{\"channels\":{\"a\":{\"subscription_count\":4}}}")]
    public async Task GetChannels_reads_both_answer_shapes(string answer)
    {
        using var test = new TestClient(ApinatorProtocol.Apinator);
        test.Handler.ResponseBody = answer;

        Assert.Equal([new ChannelSummary("a", 4, null)], await test.Client.GetChannelsAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task GetChannel_with_info(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = protocol == ApinatorProtocol.Apinator
            ? "{\"name\":\"presence-room\",\"subscription_count\":3,\"user_count\":2}"
            : "{\"occupied\":true,\"subscription_count\":3,\"user_count\":2}";

        var state = await test.Client.GetChannelAsync("presence-room", ChannelInfo.UserCount | ChannelInfo.SubscriptionCount);

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Get, "/apps/app-1/channels/presence-room", null, ("info", "user_count,subscription_count"));
        Assert.Equal(new ChannelState("presence-room", true, 2, 3), state);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task GetChannel_reports_an_unoccupied_channel(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = protocol == ApinatorProtocol.Apinator ? "{\"name\":\"c\",\"subscription_count\":0}" : "{\"occupied\":false}";

        var state = await test.Client.GetChannelAsync("c");

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Get, "/apps/app-1/channels/c", null);
        Assert.False(state.Occupied);
        Assert.Equal("c", state.Name);
    }

    [Fact]
    public async Task GetChannel_on_apinator_reads_404_as_not_occupied()
    {
        using var test = new TestClient(ApinatorProtocol.Apinator);
        test.Handler.Status = HttpStatusCode.NotFound;
        test.Handler.ResponseBody = "{\"title\":\"Not Found\",\"status\":404}";

        var state = await test.Client.GetChannelAsync("private-gone");

        Assert.Equal(new ChannelState("private-gone", false, null, null), state);
        AssertSent(test.Handler.Single(), ApinatorProtocol.Apinator, HttpMethod.Get, "/apps/app-1/channels/private-gone", null);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public async Task GetChannel_on_pusher_treats_404_as_an_error(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.Status = HttpStatusCode.NotFound;

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetChannelAsync("c"));

        Assert.Equal(404, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task GetPresenceUsers_lists_the_users(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);
        test.Handler.ResponseBody = "{\"users\":[{\"id\":\"u-1\"},{\"id\":\"u-2\"},{\"id\":42}]}";

        var users = await test.Client.GetPresenceUsersAsync("presence-room");

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Get, "/apps/app-1/channels/presence-room/users", null);
        Assert.Equal([new PresenceUser("u-1"), new PresenceUser("u-2"), new PresenceUser("42")], users);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task TerminateUserConnections_posts_an_empty_object(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.TerminateUserConnectionsAsync("u-1");

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/users/u-1/terminate_connections", "{}");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task SendToUser_triggers_on_the_server_to_user_channel(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        await test.Client.SendToUserAsync("u-1", "notice", new { Text = "hi" });

        AssertSent(test.Handler.Single(), protocol, HttpMethod.Post, "/apps/app-1/events",
            "{\"name\":\"notice\"," + OneChannel(protocol, "#server-to-user-u-1") + ",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\"}");
    }

    [Fact]
    public async Task The_request_timestamp_comes_from_the_time_provider()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_234_567_890));
        var handler = new RecordingHttpMessageHandler();
        using var http = new HttpClient(handler);
        using var client = new ApinatorClient(http, TestClient.OptionsFor(ApinatorProtocol.Apinator), time);

        await client.TriggerAsync("c", "e", "x");
        time.Advance(TimeSpan.FromSeconds(5));
        await client.TriggerAsync("c", "e", "x");

        Assert.Equal(["1234567890", "1234567895"], handler.Requests.Select(r => r.Header("X-Realtime-Timestamp")));
    }

    [Fact]
    public async Task The_app_id_is_escaped_into_the_path()
    {
        using var test = new TestClient(ApinatorProtocol.Apinator, o => o.AppId = "my app");

        await test.Client.TriggerAsync("c", "e", "x");

        Assert.Equal("/apps/my%20app/events", test.Handler.Single().Path);
        WireAuthentication.AssertAuthenticated(test.Handler.Single(), ApinatorProtocol.Apinator);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public async Task Calls_to_different_paths_in_turn_each_go_to_their_own_url(ApinatorProtocol protocol)
    {
        // A query-less URL is kept for the next call to the same path; a different path must not reuse it.
        using var test = new TestClient(protocol);

        await test.Client.TriggerAsync("orders", "created", "x");
        await test.Client.TerminateUserConnectionsAsync("u-1");
        await test.Client.TriggerAsync("orders", "created", "y");
        await test.Client.TerminateUserConnectionsAsync("u-2");

        Assert.Equal(
            ["/apps/app-1/events", "/apps/app-1/users/u-1/terminate_connections", "/apps/app-1/events", "/apps/app-1/users/u-2/terminate_connections"],
            test.Handler.Requests.Select(r => r.Path));
        Assert.All(test.Handler.Requests, r => Assert.True(string.IsNullOrEmpty(r.Uri.Query), r.Uri.ToString()));
    }
}
