using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;

namespace Apinator.AspNetCore.Tests.Hardening;

/// <summary>
/// Issue 11: an anonymous caller cannot learn which channel names have rules: a channel with no rule
/// and one whose rule requires sign-in get the identical 401. Signed in, no rule is a 403.
/// </summary>
public sealed class AnonymousChannelAuthHardeningTests : IAsyncLifetime
{
    private const string SocketId = "1234.5678";
    private TestApp _app = null!;
    private int _rulesRun;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        apinator: a => a
            .AuthorizeChannel("private-members", _ => Ran(true))
            .AuthorizeChannel("private-team-{team}", _ => Ran(false))
            .AuthorizePresenceChannel("presence-lobby", c => Ran(true) ? new PresenceMember(c.UserId!) : null),
        map: app => app.MapApinatorChannelAuth());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private bool Ran(bool answer)
    {
        Interlocked.Increment(ref _rulesRun);
        return answer;
    }

    private static string Shown(JsonElement problem) =>
        $"{problem.GetProperty("status").GetInt32()} | {problem.GetProperty("title").GetString()} | {problem.GetProperty("detail").GetString()} | {(problem.TryGetProperty("type", out var type) ? type.GetString() : null)}";

    private async Task<string> AnonymousProblemAsync(BodyFormat format, string channel)
    {
        var response = await _app.Client.SendAsync(AuthRequests.Channel(format, SocketId, channel));
        return Shown(await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task An_anonymous_caller_gets_the_same_401_whether_or_not_a_rule_exists(BodyFormat format)
    {
        string[] channels = ["private-members", "private-team-red", "presence-lobby", "private-nobody-knows", "presence-unknown", "private-encrypted-unknown"];

        var problems = new List<string>();
        foreach (var channel in channels) problems.Add(await AnonymousProblemAsync(format, channel));

        Assert.Single(problems.Distinct());
        Assert.Equal(0, _rulesRun);
    }

    [Fact]
    public async Task The_401_does_not_name_the_channel()
    {
        var problem = await AnonymousProblemAsync(BodyFormat.Json, "private-members");

        Assert.DoesNotContain("private-members", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private-nobody-knows")]
    [InlineData("presence-unknown")]
    public async Task A_signed_in_caller_is_refused_with_403_when_no_rule_matches(string channel)
    {
        var response = await _app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, channel).As("u-1"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_signed_in_caller_is_authorized_where_a_rule_allows()
    {
        var response = await _app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-members").As("u-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
