using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.DependencyInjection;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Laravel;

/// <summary>
/// What docs/laravel.md promises: Laravel Echo works unchanged when the endpoints are mapped at its
/// default routes, its <c>X-Socket-ID</c> header drives <c>ToOthers()</c>, and
/// <c>Broadcast::channel</c> rules translate to prefixed patterns with typed placeholders.
/// </summary>
public sealed class LaravelEchoTests
{
    private const string SocketId = "1234.5678";

    [Fact]
    public async Task Echo_gets_a_signed_private_channel_answer_at_broadcasting_auth()
    {
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-orders.{id:int}", c => c.UserId == "7"));

        var response = await app.Client.SendAsync(AsEcho("/broadcasting/auth", ("socket_id", SocketId), ("channel_name", "private-orders.42")).As("7"));

        var body = await OkJsonAsync(response);
        Assert.Equal(["auth"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ExpectedAuth.Channel(SocketId, "private-orders.42"), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Echo_join_gets_a_signed_presence_answer_at_broadcasting_auth()
    {
        await using var app = await StartAsync(a => a.AuthorizePresenceChannel("presence-chat.{roomId:int}",
            c => new PresenceMember(c.UserId!, new { name = c.User.Identity!.Name })));

        var response = await app.Client.SendAsync(AsEcho("/broadcasting/auth", ("socket_id", SocketId), ("channel_name", "presence-chat.1")).As("7", name: "Taylor"));

        var body = await OkJsonAsync(response);
        var channelData = body.GetProperty("channel_data").GetString()!;
        using (var member = JsonDocument.Parse(channelData))
        {
            Assert.Equal("7", member.RootElement.GetProperty("user_id").GetString());
            Assert.Equal("Taylor", member.RootElement.GetProperty("user_info").GetProperty("name").GetString());
        }

        Assert.Equal(ExpectedAuth.Channel(SocketId, "presence-chat.1", channelData), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task A_user_sign_in_gets_a_signed_answer_at_broadcasting_user_auth()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AsEcho("/broadcasting/user-auth", ("socket_id", SocketId)).As("7", name: "Taylor"));

        var body = await OkJsonAsync(response);
        var userData = body.GetProperty("user_data").GetString()!;
        Assert.Equal("""{"id":"7","name":"Taylor"}""", userData);
        Assert.Equal(ExpectedAuth.User(SocketId, userData), body.GetProperty("auth").GetString());
    }

    [Fact]
    public async Task Mapped_at_Echos_routes_the_endpoints_are_not_also_at_the_default_routes()
    {
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-orders.{id:int}", _ => true));

        var channel = await app.Client.SendAsync(AsEcho("/realtime/auth", ("socket_id", SocketId), ("channel_name", "private-orders.42")).As("7"));
        var user = await app.Client.SendAsync(AsEcho("/realtime/user-auth", ("socket_id", SocketId)).As("7"));

        Assert.Equal(HttpStatusCode.NotFound, channel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
    }

    [Fact]
    public async Task A_rule_with_several_dotted_parts_reads_each_typed_placeholder()
    {
        IReadOnlyDictionary<string, string>? values = null;
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-teams.{team:int}.projects.{project}", c =>
        {
            values = c.Values;
            return true;
        }));

        var response = await app.Client.SendAsync(AsEcho("/broadcasting/auth", ("socket_id", SocketId), ("channel_name", "private-teams.7.projects.api.v2")).As("7"));

        await OkJsonAsync(response);
        Assert.NotNull(values);
        Assert.Equal("7", values["team"]);
        Assert.Equal("api.v2", values["project"]);
    }

    [Fact]
    public void A_rule_with_several_dotted_parts_and_untyped_placeholders_is_refused_when_registered()
    {
        var error = Assert.Throws<ArgumentException>(() => ChannelRule.ForPrivateChannel("private-teams.{team}.projects.{project}", _ => ValueTask.FromResult(true)));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_int_placeholder_does_not_match_a_name_that_is_not_a_number()
    {
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-orders.{id:int}", _ => true));

        var response = await app.Client.SendAsync(AsEcho("/broadcasting/auth", ("socket_id", SocketId), ("channel_name", "private-orders.latest")).As("7"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_socket_id_Echos_axios_interceptor_sends_leaves_the_sender_out()
    {
        var network = new RecordingHttpHandler();
        await using var app = await TestApp.StartAsync(
            apinator: a => a.HttpClient.ConfigurePrimaryHttpMessageHandler(() => network),
            map: app => app.MapPost("/orders/{id}/ship", async (int id, HttpContext context, IApinator apinator) =>
            {
                await apinator.TriggerAsync($"private-orders.{id}", @"App\Events\OrderShipped", new { id }, context.ToOthers(), context.RequestAborted);
                return TypedResults.NoContent();
            }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/42/ship");
        request.Headers.Add("X-Socket-ID", SocketId);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var sent = Assert.Single(network.Requests);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(SocketId, body.RootElement.GetProperty("socket_id").GetString());
        Assert.Equal(@"App\Events\OrderShipped", body.RootElement.GetProperty("name").GetString());
        var channel = body.RootElement.TryGetProperty("channel", out var one) ? one.GetString() : body.RootElement.GetProperty("channels")[0].GetString();
        Assert.Equal("private-orders.42", channel);
    }

    private static Task<TestApp> StartAsync(Action<ApinatorBuilder>? apinator = null) => TestApp.StartAsync(
        apinator: apinator,
        map: app =>
        {
            app.MapApinatorChannelAuth("/broadcasting/auth");
            app.MapApinatorUserAuth("/broadcasting/user-auth");
        });

    // What Echo's pusher-js sends: a form-encoded body, and the page's CSRF token from
    // Echo's channelAuthorization headers (which the endpoints do not need).
    private static HttpRequestMessage AsEcho(string path, params (string Name, string Value)[] fields)
    {
        var request = AuthRequests.Create(BodyFormat.Form, path, fields);
        request.Headers.Add("X-CSRF-TOKEN", "laravel-csrf-token");
        return request;
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
