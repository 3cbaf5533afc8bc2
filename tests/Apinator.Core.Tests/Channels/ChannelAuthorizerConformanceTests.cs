using Apinator.Channels;
using Apinator.Tests.Conformance;

namespace Apinator.Tests.Channels;

public class ChannelAuthorizerConformanceTests
{
    private const string File = ConformanceVectors.ApinatorChannelAuthFile;

    public static TheoryData<string> ApinatorCases => ConformanceVectors.CaseNames(File);

    public static TheoryData<int, string> PusherChannelCases => ConformanceVectors.PusherCaseRows("channel_auth", c => c.Text("channel_name"));

    public static TheoryData<int, string> PusherUserCases => ConformanceVectors.PusherCaseRows("user_auth", c => c.Text("socket_id"));

    [Theory]
    [MemberData(nameof(ApinatorCases))]
    public void Apinator_channel_auth_matches_the_vector(string caseName)
    {
        var c = ConformanceVectors.NamedCase(File, caseName);
        var authorizer = new ChannelAuthorizer(new ApinatorOptions { Key = c.Text("key"), Secret = c.Text("secret") });
        var isPresence = c.TryGetProperty("channel_data", out var channelData);

        // The only presence vector is Alice's; the member is what an app would build for her.
        var member = isPresence ? new PresenceMember("u-1", new { name = "Alice" }) : null;
        var authorization = authorizer.Authorize(c.Text("socket_id"), c.Text("channel_name"), member);

        Assert.Equal(c.Text("expected_auth"), authorization.Auth);
        Assert.EndsWith(":" + c.Text("expected_signature"), authorization.Auth, StringComparison.Ordinal);
        Assert.Equal(isPresence ? channelData.GetString() : null, authorization.ChannelData);
        Assert.Null(authorization.SharedSecret);
    }

    [Theory]
    [MemberData(nameof(PusherChannelCases))]
    public void Pusher_channel_auth_matches_the_node_sdk(int index, string channelName)
    {
        var c = ConformanceVectors.PusherCases("channel_auth")[index];
        var config = ConformanceVectors.PusherConfig;
        var authorizer = new ChannelAuthorizer(new ApinatorOptions
        {
            Key = config.Text("key"),
            Secret = config.Text("secret"),
            EncryptionMasterKeyBase64 = config.Text("encryption_master_key_base64"),
        });
        PresenceMember? member = null;
        if (c.TryGetProperty("presence_data", out var presence))
        {
            var info = presence.GetProperty("user_info");
            Assert.Single(info.EnumerateObject());
            member = new PresenceMember(presence.Text("user_id"), new { name = info.Text("name") });
        }

        var authorization = authorizer.Authorize(c.Text("socket_id"), channelName, member);

        var result = c.GetProperty("result");
        Assert.Equal(result.Text("auth"), authorization.Auth);
        Assert.Equal(result.TryGetProperty("channel_data", out var data) ? data.GetString() : null, authorization.ChannelData);
        Assert.Equal(result.TryGetProperty("shared_secret", out var secret) ? secret.GetString() : null, authorization.SharedSecret);
    }

    [Theory]
    [MemberData(nameof(PusherUserCases))]
    public void Pusher_user_auth_matches_the_node_sdk(int index, string socketId)
    {
        var c = ConformanceVectors.PusherCases("user_auth")[index];
        var config = ConformanceVectors.PusherConfig;
        var authorizer = new ChannelAuthorizer(new ApinatorOptions { Key = config.Text("key"), Secret = config.Text("secret") });
        var user = c.GetProperty("user_data");
        Assert.Equal(2, user.EnumerateObject().Count());

        var authentication = authorizer.AuthenticateUser(socketId, new UserData(user.Text("id"), new { name = user.Text("name") }));

        var result = c.GetProperty("result");
        Assert.Equal(result.Text("user_data"), authentication.UserData);
        Assert.Equal(result.Text("auth"), authentication.Auth);
    }
}
