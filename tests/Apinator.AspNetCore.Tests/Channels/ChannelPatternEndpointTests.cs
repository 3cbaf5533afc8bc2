using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Channels;

/// <summary>Channel patterns as the auth endpoint and the builder apply them (issue 11, items 6 and 7).</summary>
public sealed class ChannelPatternEndpointTests
{
    private const string SocketId = "1234.5678";
    private static readonly byte[] MasterKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static Task<TestApp> StartAsync(Action<ApinatorBuilder> rules) => TestApp.StartAsync(
        apinator: rules,
        map: app => app.MapApinatorChannelAuth(),
        options: o => o.EncryptionMasterKeyBase64 = Convert.ToBase64String(MasterKey));

    [Fact]
    public async Task A_private_rule_does_not_hand_out_the_shared_secret_of_an_encrypted_channel()
    {
        var ran = 0;
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-{room}", _ => { ran++; return true; }));

        var encrypted = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-encrypted-room1").As("alice"));
        var plain = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-room1").As("alice"));

        var problem = await ProblemAssert.IsProblemAsync(encrypted, HttpStatusCode.Forbidden);
        Assert.False(problem.TryGetProperty("shared_secret", out _));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task An_encrypted_rule_authorizes_encrypted_channels_even_after_a_broader_private_rule()
    {
        await using var app = await StartAsync(a => a
            .AuthorizeChannel("private-{room}", _ => false)
            .AuthorizeChannel("private-encrypted-{room}", c => c.Values["room"] == "room1"));

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, SocketId, "private-encrypted-room1").As("alice"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ExpectedAuth.SharedSecret("private-encrypted-room1", MasterKey), body.RootElement.GetProperty("shared_secret").GetString());
    }

    [Fact]
    public async Task A_constrained_org_placeholder_reads_the_org_one_way_only()
    {
        await using var app = await StartAsync(a => a.AuthorizeChannel("private-org-{org:alnum}-{room}", c => c.Values["org"] == c.UserId));

        var own = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-org-a-b-c").As("a"));
        var other = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-org-ab-c").As("a"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("private-org-{org}-{room}")]
    [InlineData("private-{a}{b}")]
    [InlineData("presence-{a}.{b}")]
    public void An_ambiguous_pattern_fails_at_registration_not_at_the_first_request(string pattern)
    {
        var apinator = new ServiceCollection().AddApinator(o => { });

        var error = pattern.StartsWith("presence-", StringComparison.Ordinal)
            ? Assert.Throws<ArgumentException>(() => apinator.AuthorizePresenceChannel(pattern, c => new Apinator.Channels.PresenceMember(c.UserId!)))
            : Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel(pattern, _ => true));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
        Assert.Equal("pattern", error.ParamName);
    }
}
