using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Channels;

/// <summary>
/// Sockudo's namespaced channels (<c>private-chat:room1</c>): the channel-auth endpoint authorizes the
/// names the client publishes to, because both ask the service's dialect (issue 22).
/// </summary>
public sealed class SockudoNamespacedChannelTests
{
    private const string SocketId = "1234.5678";
    private const string Channel = "private-chat:room1";

    private static Task<TestApp> StartAsync(ApinatorProtocol protocol, Action<ApinatorBuilder> rules, RecordingHandler? sent = null) => TestApp.StartAsync(
        apinator: a =>
        {
            rules(a);
            if (sent is not null) a.HttpClient.ConfigurePrimaryHttpMessageHandler(() => sent);
        },
        map: app => app.MapApinatorChannelAuth(),
        options: o =>
        {
            o.Protocol = protocol;
            o.BaseAddress = new Uri("http://127.0.0.1:6001");
        });

    [Fact]
    public async Task A_sockudo_namespaced_channel_is_authorized_and_published_to()
    {
        var sent = new RecordingHandler();
        string? room = null;
        await using var app = await StartAsync(ApinatorProtocol.Sockudo, a => a.AuthorizeChannel("private-chat:{room}", c => { room = c.Values["room"]; return true; }), sent);

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, SocketId, Channel).As("alice"));
        await app.Services.GetRequiredService<IApinator>().TriggerAsync(Channel, "message", new { text = "hi" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var auth = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ExpectedAuth.Channel(SocketId, Channel), auth.RootElement.GetProperty("auth").GetString());
        Assert.Equal("room1", room);
        var trigger = Assert.Single(sent.Bodies);
        using var body = JsonDocument.Parse(trigger);
        Assert.Equal(Channel, Assert.Single(body.RootElement.GetProperty("channels").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_namespace_placeholder_is_read_one_way_only()
    {
        await using var app = await StartAsync(ApinatorProtocol.Sockudo, a => a.AuthorizeChannel("private-{ns:alnum}:{room}", c => c.Values["ns"] == "chat" && c.Values["room"] == "a:b"));

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-chat:a:b").As("alice"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void A_namespace_placeholder_that_may_hold_the_colon_is_ambiguous()
    {
        var apinator = new ServiceCollection().AddApinator(o => { });

        var error = Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("private-{ns}:{room}", _ => true));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Where_the_service_has_no_namespaces_the_name_is_refused_before_any_rule(ApinatorProtocol protocol)
    {
        var ran = false;
        await using var app = await StartAsync(protocol, a => a.AuthorizeChannel("private-chat:{room}", _ => ran = true));

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, Channel).As("alice"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("_ - = @ , . ;", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(ran);
    }

    /// <summary>Answers every call <c>{}</c> and keeps the bodies sent.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly List<string> _bodies = [];

        public IReadOnlyList<string> Bodies
        {
            get { lock (_bodies) return [.. _bodies]; }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (_bodies) _bodies.Add(body);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
