using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Channels;

public sealed class ChannelAuthEndpointTests : IAsyncLifetime
{
    private const string SocketId = "1234.5678";
    private static readonly byte[] MasterKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private readonly List<string> _rulesRun = [];
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await StartAsync(masterKey: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TestApp> StartAsync(bool masterKey) => TestApp.StartAsync(
        apinator: a => a
            .AuthorizeChannel("private-chat", _ => Ran("private-chat", true))
            .AuthorizeChannel("private-closed", _ => Ran("private-closed", false))
            .AuthorizeChannel("private-user-{userId}", c => Ran("private-user", c.UserId == c.Values["userId"]))
            .AuthorizeChannel("private-open-{anything}", _ => Ran("private-open", true), requireAuthenticatedUser: false)
            .AuthorizeChannel("private-encrypted-{topic}", _ => Ran("private-encrypted", true))
            .AuthorizePresenceChannel("presence-room-{room}", c =>
            {
                Ran("presence-room", true);
                return new PresenceMember(c.UserId!, new { name = c.User.Identity!.Name, room = c.Values["room"] });
            })
            .AuthorizePresenceChannel("presence-nobody", _ => null),
        map: app => app.MapApinatorChannelAuth(),
        options: o => o.EncryptionMasterKeyBase64 = masterKey ? Convert.ToBase64String(MasterKey) : null);

    private bool Ran(string rule, bool answer)
    {
        lock (_rulesRun) _rulesRun.Add(rule);
        return answer;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _app.Client.SendAsync(request);

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Private_channel_is_signed_for_the_socket(BodyFormat format)
    {
        var response = await SendAsync(AuthRequests.Channel(format, SocketId, "private-chat").As("alice"));

        var body = await OkJsonAsync(response);
        Assert.Equal(["auth"], PropertyNames(body));
        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-chat"), body.GetProperty("auth").GetString());
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Presence_member_comes_from_the_server_side_user_not_the_request(BodyFormat format)
    {
        var request = AuthRequests.Create(format, "/realtime/auth",
            ("socket_id", SocketId),
            ("channel_name", "presence-room-lobby"),
            ("channel_data", """{"user_id":"mallory","user_info":{"name":"Mallory"}}"""),
            ("user_info", """{"name":"Mallory"}"""),
            ("user_id", "mallory")).As("u-42", name: "Alice");

        var body = await OkJsonAsync(await SendAsync(request));

        Assert.Equal(["auth", "channel_data"], PropertyNames(body));
        var channelData = body.GetProperty("channel_data").GetString()!;
        Assert.DoesNotContain("allory", channelData, StringComparison.Ordinal);
        using var member = JsonDocument.Parse(channelData);
        Assert.Equal("u-42", member.RootElement.GetProperty("user_id").GetString());
        Assert.Equal("Alice", member.RootElement.GetProperty("user_info").GetProperty("name").GetString());
        Assert.Equal("lobby", member.RootElement.GetProperty("user_info").GetProperty("room").GetString());
        // The signature covers exactly the channel_data text that was returned.
        Assert.Equal(ExpectedAuth.Channel(SocketId, "presence-room-lobby", channelData), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Presence_member_ignores_object_valued_channel_data_in_a_json_body()
    {
        var request = AuthRequests.Raw("/realtime/auth",
            """{"socket_id":"1.2","channel_name":"presence-room-x","channel_data":{"user_id":"mallory"},"user_info":{"admin":true}}""",
            "application/json").As("bob");

        var body = await OkJsonAsync(await SendAsync(request));

        var channelData = body.GetProperty("channel_data").GetString()!;
        Assert.Equal("""{"user_id":"bob","user_info":{"name":"bob","room":"x"}}""", channelData);
        Assert.Equal(ExpectedAuth.Channel("1.2", "presence-room-x", channelData), body.GetProperty("auth").GetString());
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Encrypted_channel_answer_carries_the_shared_secret(BodyFormat format)
    {
        const string channel = "private-encrypted-secrets";
        var body = await OkJsonAsync(await SendAsync(AuthRequests.Channel(format, SocketId, channel).As("alice")));

        Assert.Equal(["auth", "shared_secret"], PropertyNames(body));
        Assert.Equal(ExpectedAuth.Channel(SocketId, channel), body.GetProperty("auth").GetString());
        Assert.Equal(ExpectedAuth.SharedSecret(channel, MasterKey), body.GetProperty("shared_secret").GetString());
    }

    [Fact]
    public async Task Encrypted_channel_without_a_master_key_is_a_logged_500_problem()
    {
        await using var app = await StartAsync(masterKey: false);

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-encrypted-secrets").As("alice"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("EncryptionMasterKeyBase64", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("private-encrypted-secrets", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(BodyFormat.Json, null, "private-chat")]
    [InlineData(BodyFormat.Json, SocketId, null)]
    [InlineData(BodyFormat.Json, null, null)]
    [InlineData(BodyFormat.Json, "", "private-chat")]
    [InlineData(BodyFormat.Json, SocketId, "")]
    [InlineData(BodyFormat.Form, null, "private-chat")]
    [InlineData(BodyFormat.Form, SocketId, null)]
    [InlineData(BodyFormat.Form, null, null)]
    [InlineData(BodyFormat.Form, "", "")]
    public async Task Missing_fields_are_a_400_problem(BodyFormat format, string? socketId, string? channel)
    {
        var fields = new List<(string, string)>();
        if (socketId is not null) fields.Add(("socket_id", socketId));
        if (channel is not null) fields.Add(("channel_name", channel));

        var response = await SendAsync(AuthRequests.Create(format, "/realtime/auth", [.. fields]).As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(_rulesRun);
    }

    [Theory]
    [InlineData(BodyFormat.Json, "1.1:private-other")]
    [InlineData(BodyFormat.Form, "1.1:private-other")]
    [InlineData(BodyFormat.Json, "abc")]
    [InlineData(BodyFormat.Form, "abc")]
    [InlineData(BodyFormat.Json, "1234")]
    [InlineData(BodyFormat.Json, "1.")]
    [InlineData(BodyFormat.Json, ".1")]
    [InlineData(BodyFormat.Json, "-1.1")]
    [InlineData(BodyFormat.Json, "1.1 ")]
    [InlineData(BodyFormat.Form, "1.1\n")]
    [InlineData(BodyFormat.Json, "１.１")]
    public async Task Malformed_socket_id_is_a_400_problem_before_any_rule_runs(BodyFormat format, string socketId)
    {
        var response = await SendAsync(AuthRequests.Channel(format, socketId, "private-chat").As("alice"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("socket_id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_rulesRun);
    }

    [Theory]
    [InlineData(BodyFormat.Json, "private-chat!")]
    [InlineData(BodyFormat.Form, "private chat")]
    [InlineData(BodyFormat.Json, "private-chät")]
    [InlineData(BodyFormat.Form, "private-chat:1.1")]
    [InlineData(BodyFormat.Json, "#server-to-user-alice")]
    public async Task Malformed_channel_name_is_a_400_problem(BodyFormat format, string channel)
    {
        var response = await SendAsync(AuthRequests.Channel(format, SocketId, channel).As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(_rulesRun);
    }

    [Fact]
    public async Task Channel_name_of_164_characters_is_allowed_and_165_refused()
    {
        var longest = "private-open-" + new string('a', 164 - "private-open-".Length);

        var ok = await SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, longest));
        var tooLong = await SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, longest + "a"));

        Assert.Equal(ExpectedAuth.Channel(SocketId, longest), (await OkJsonAsync(ok)).GetProperty("auth").GetString());
        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"socket_id":"1.1","channel_name":"private-chat" """)]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"socket_id":1.1,"channel_name":"private-chat"}""")]
    public async Task Malformed_json_is_a_400_problem(string json)
    {
        var response = await SendAsync(AuthRequests.Raw("/realtime/auth", json, "application/json").As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(_rulesRun);
    }

    [Theory]
    [InlineData(BodyFormat.Json, "private-chat")]
    [InlineData(BodyFormat.Form, "private-chat")]
    [InlineData(BodyFormat.Json, "presence-room-lobby")]
    [InlineData(BodyFormat.Form, "private-user-alice")]
    public async Task Anonymous_request_for_a_rule_that_requires_a_user_is_a_401_problem_and_the_rule_does_not_run(BodyFormat format, string channel)
    {
        var response = await SendAsync(AuthRequests.Channel(format, SocketId, channel));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(_rulesRun);
    }

    [Fact]
    public async Task Rule_that_does_not_require_a_user_lets_an_anonymous_request_through()
    {
        var body = await OkJsonAsync(await SendAsync(AuthRequests.Channel(BodyFormat.Form, SocketId, "private-open-news")));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-open-news"), body.GetProperty("auth").GetString());
        Assert.Equal(["private-open"], _rulesRun);
    }

    [Theory]
    [InlineData(BodyFormat.Json, "private-unknown")]
    [InlineData(BodyFormat.Form, "presence-other")]
    [InlineData(BodyFormat.Json, "chat")]
    [InlineData(BodyFormat.Json, "private-chat-2")]
    public async Task Channel_no_rule_matches_is_a_403_problem(BodyFormat format, string channel)
    {
        var response = await SendAsync(AuthRequests.Channel(format, SocketId, channel).As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(_rulesRun);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Rule_that_says_no_is_a_403_problem(BodyFormat format)
    {
        var response = await SendAsync(AuthRequests.Channel(format, SocketId, "private-closed").As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(["private-closed"], _rulesRun);
    }

    [Fact]
    public async Task Presence_rule_returning_no_member_is_a_403_problem()
    {
        var response = await SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "presence-nobody").As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Private_user_channel_is_only_for_that_user(BodyFormat format)
    {
        var own = await SendAsync(AuthRequests.Channel(format, SocketId, "private-user-alice").As("alice"));
        var other = await SendAsync(AuthRequests.Channel(format, SocketId, "private-user-bob").As("alice"));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-user-alice"), (await OkJsonAsync(own)).GetProperty("auth").GetString());
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Body_over_8_KiB_is_a_413_problem(BodyFormat format)
    {
        var request = AuthRequests.Create(format, "/realtime/auth", ("socket_id", SocketId), ("channel_name", "private-chat"), ("padding", new string('x', 8 * 1024)));

        var response = await SendAsync(request.As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(_rulesRun);
    }

    [Fact]
    public async Task Body_of_exactly_8_KiB_is_accepted()
    {
        var json = """{"socket_id":"1234.5678","channel_name":"private-chat"}""";
        json = json.PadRight(8 * 1024);
        Assert.Equal(8 * 1024, Encoding.UTF8.GetByteCount(json));

        var response = await SendAsync(AuthRequests.Raw("/realtime/auth", json, "application/json").As("alice"));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-chat"), (await OkJsonAsync(response)).GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Body_over_8_KiB_without_a_content_length_is_a_413_problem()
    {
        var json = "{\"socket_id\":\"1234.5678\",\"channel_name\":\"private-chat\",\"padding\":\"" + new string('x', 9000) + "\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/realtime/auth") { Content = new UnsizedContent(Encoding.UTF8.GetBytes(json), "application/json") };

        var response = await SendAsync(request.As("alice"));

        Assert.Null(request.Content.Headers.ContentLength);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(_rulesRun);
    }

    [Fact]
    public async Task Small_body_without_a_content_length_is_read()
    {
        var json = """{"socket_id":"1234.5678","channel_name":"private-chat"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/realtime/auth") { Content = new UnsizedContent(Encoding.UTF8.GetBytes(json), "application/json") };

        var response = await SendAsync(request.As("alice"));

        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-chat"), (await OkJsonAsync(response)).GetProperty("auth").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Other_content_types_are_a_415_problem(string? contentType)
    {
        var response = await SendAsync(AuthRequests.Raw("/realtime/auth", "socket_id=1234.5678&channel_name=private-chat", contentType).As("alice"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(_rulesRun);
    }

    [Fact]
    public async Task Json_content_type_with_charset_is_accepted()
    {
        var response = await SendAsync(AuthRequests.Raw("/realtime/auth", """{"socket_id":"1.2","channel_name":"private-chat"}""", "application/json; charset=utf-8").As("alice"));

        Assert.Equal(ExpectedAuth.Channel("1.2", "private-chat"), (await OkJsonAsync(response)).GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Only_post_is_mapped()
    {
        var response = await _app.Client.GetAsync(new Uri("/realtime/auth", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
