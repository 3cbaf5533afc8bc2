using System.Net;
using System.Text.Json;
using static Apinator.Aot.Tests.Requests;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>Channel authorization: every grant and every refusal.</summary>
internal static class ChannelAuthOutcomes
{
    public static IReadOnlyList<Outcome> All { get; } =
    [
        new("channel auth 200: private channel, JSON body", async app =>
        {
            var grant = await Answers.IsJsonAsync(await app.Client.SendAsync(ChannelAuth("private-orders-u-1", "u-1")));
            Assert.Equal(Signatures.ChannelAuth(SocketId, "private-orders-u-1"), grant.GetProperty("auth").GetString());
            Assert.False(grant.TryGetProperty("channel_data", out _));
        }),
        new("channel auth 200: private channel, form body", async app =>
        {
            var grant = await Answers.IsJsonAsync(await app.Client.SendAsync(ChannelAuthForm("private-orders-u-1", "u-1")));
            Assert.Equal(Signatures.ChannelAuth(SocketId, "private-orders-u-1"), grant.GetProperty("auth").GetString());
        }),
        new("channel auth 200: presence, user_info of a library type", async app =>
            await IsPresenceGrantAsync(await app.Client.SendAsync(ChannelAuth("presence-room-1", "u-1").Named("Ada")), "presence-room-1")),
        new("channel auth 200: presence, user_info of the app's context (500 when the app set none)", async app =>
        {
            var response = await app.Client.SendAsync(ChannelAuth("presence-team-1", "u-1").Named("Ada"));
            if (app.JsonMode == "none") await Answers.IsMisconfiguredAsync(app, response, "TeamMember", "presence-team-1");
            else await IsPresenceGrantAsync(response, "presence-team-1");
        }),
        new("channel auth 500: presence, user_info type missing from the app's context", async app =>
        {
            var channel = Unique("presence-broken-");
            await Answers.IsMisconfiguredAsync(app, await app.Client.SendAsync(ChannelAuth(channel, "u-1")), "NotInContext", channel);
        }),
        new("channel auth 500: encrypted channel without a master key", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private-encrypted-vault", "u-1")), HttpStatusCode.InternalServerError)),
        new("channel auth 400: malformed JSON", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Raw("/realtime/auth", "{\"socket_id\":", "application/json", "u-1")), HttpStatusCode.BadRequest)),
        new("channel auth 400: channel_name missing", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Json("/realtime/auth", "u-1", ("socket_id", SocketId))), HttpStatusCode.BadRequest)),
        new("channel auth 400: socket_id crafted to sign another channel", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private-orders-u-1", "u-1", socketId: "1.1:private-orders-u-2")), HttpStatusCode.BadRequest)),
        new("channel auth 400: invalid channel_name", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private orders", "u-1")), HttpStatusCode.BadRequest)),
        new("channel auth 401: anonymous", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private-orders-u-1")), HttpStatusCode.Unauthorized)),
        new("channel auth 403: the rule refuses", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private-orders-u-2", "u-1")), HttpStatusCode.Forbidden)),
        new("channel auth 403: no rule matches", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth("private-unknown", "u-1")), HttpStatusCode.Forbidden)),
        new("channel auth 413: body too large", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(ChannelAuth(new string('a', 9000), "u-1")), HttpStatusCode.RequestEntityTooLarge)),
        new("channel auth 415: unsupported content type", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Raw("/realtime/auth", "socket_id=1.2", "text/plain", "u-1")), HttpStatusCode.UnsupportedMediaType)),
    ];

    /// <summary>Signed over the exact channel_data sent, which holds the member: u-1, named Ada.</summary>
    private static async Task IsPresenceGrantAsync(HttpResponseMessage response, string channel)
    {
        var grant = await Answers.IsJsonAsync(response);
        var channelData = grant.GetProperty("channel_data").GetString()!;
        Assert.Equal(Signatures.ChannelAuth(SocketId, channel, channelData), grant.GetProperty("auth").GetString());
        using var member = JsonDocument.Parse(channelData);
        Assert.Equal("u-1", member.RootElement.GetProperty("user_id").GetString());
        var info = member.RootElement.GetProperty("user_info");
        Assert.Equal("Ada", info.TryGetProperty("name", out var name) ? name.GetString() : info.GetProperty("Name").GetString());
    }
}
