using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Microsoft.AspNetCore.Builder;

namespace Apinator.AspNetCore.Tests.Channels;

public sealed class ChannelRuleTests
{
    [Fact]
    public async Task Placeholders_are_exposed_as_case_insensitive_values_with_the_request()
    {
        ChannelAuthorizationContext? seen = null;
        IReadOnlyDictionary<string, string>? values = null;
        string? userId = null;
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AuthorizeChannel("private-team-{team:alnum}-member-{memberId}", c =>
            {
                seen = c;
                values = c.Values;
                userId = c.UserId;
                return true;
            }),
            map: app => app.MapApinatorChannelAuth());

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "7.8", "private-team-red-member-u_9").As("u_9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(seen);
        Assert.Equal("private-team-red-member-u_9", seen.ChannelName);
        Assert.Equal("7.8", seen.SocketId);
        Assert.Equal("u_9", userId);
        Assert.Equal(2, values!.Count);
        Assert.Equal("red", values["team"]);
        Assert.Equal("u_9", values["memberId"]);
        Assert.Equal("u_9", values["MEMBERID"]);
    }

    [Fact]
    public async Task Pattern_without_placeholders_matches_only_the_exact_name_and_has_no_values()
    {
        IReadOnlyDictionary<string, string>? values = null;
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AuthorizeChannel("private-chat.v1", c => { values = c.Values; return true; }),
            map: app => app.MapApinatorChannelAuth());

        var exact = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-chat.v1").As("a"));
        // '.' is literal, not a regex wildcard.
        var lookalike = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-chatxv1").As("a"));
        var longer = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-chat.v1-extra").As("a"));

        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        Assert.Empty(values!);
        await ProblemAssert.IsProblemAsync(lookalike, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(longer, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.Forbidden)]
    [InlineData(false, HttpStatusCode.OK)]
    public async Task First_matching_rule_decides_even_when_a_later_one_is_more_specific(bool generalRuleFirst, HttpStatusCode expected)
    {
        var ran = new List<string>();
        await using var app = await TestApp.StartAsync(
            apinator: a =>
            {
                if (generalRuleFirst)
                {
                    a.AuthorizeChannel("private-doc-{id}", _ => { ran.Add("general"); return false; });
                    a.AuthorizeChannel("private-doc-42", _ => { ran.Add("specific"); return true; });
                }
                else
                {
                    a.AuthorizeChannel("private-doc-42", _ => { ran.Add("specific"); return true; });
                    a.AuthorizeChannel("private-doc-{id}", _ => { ran.Add("general"); return false; });
                }
            },
            map: app => app.MapApinatorChannelAuth());

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-doc-42").As("alice"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal([generalRuleFirst ? "general" : "specific"], ran);
    }

    [Fact]
    public async Task Asynchronous_rules_are_awaited()
    {
        await using var app = await TestApp.StartAsync(
            apinator: a => a
                .AuthorizeChannel("private-async-{id}", async c => { await Task.Yield(); return c.Values["id"] == "yes"; })
                .AuthorizePresenceChannel("presence-async", async c => { await Task.Yield(); return new Apinator.Channels.PresenceMember(c.UserId!); }),
            map: app => app.MapApinatorChannelAuth());

        var yes = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-async-yes").As("a"));
        var no = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-async-no").As("a"));
        var presence = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "presence-async").As("a"));

        Assert.Equal(HttpStatusCode.OK, yes.StatusCode);
        await ProblemAssert.IsProblemAsync(no, HttpStatusCode.Forbidden);
        using var body = JsonDocument.Parse(await presence.Content.ReadAsStringAsync());
        Assert.Equal("""{"user_id":"a","user_info":{}}""", body.RootElement.GetProperty("channel_data").GetString());
    }
}
