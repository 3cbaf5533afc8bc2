using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apinator.Channels;

namespace Apinator.Tests.Channels;

public class ChannelAuthorizerTests
{
    private const string Key = "app-key";
    private const string Secret = "app-secret";

    private static ChannelAuthorizer Authorizer(string? masterKey = null) =>
        new(new ApinatorOptions { Key = Key, Secret = Secret, EncryptionMasterKeyBase64 = masterKey });

    private static string ExpectedAuth(string stringToSign) =>
        Key + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(stringToSign)));

    [Theory]
    [InlineData("1.1:private-other")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData(" 1.1")]
    [InlineData("1.1 ")]
    [InlineData("1.1\n")]
    [InlineData("1.2.3")]
    public void A_malformed_socket_id_is_refused(string socketId)
    {
        var authorizer = Authorizer();

        var error = Assert.Throws<ApinatorValidationException>(() => authorizer.Authorize(socketId, "private-orders"));
        Assert.Equal("socketId", error.ParameterName);
        Assert.Equal(0, error.StatusCode);
        Assert.Throws<ApinatorValidationException>(() => authorizer.AuthenticateUser(socketId, new UserData("u-1")));
    }

    [Theory]
    [InlineData("private-with space")]
    [InlineData("")]
    [InlineData("private-a:b")]
    [InlineData("private-é")]
    public void A_malformed_channel_name_is_refused(string channelName)
    {
        var error = Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("1.1", channelName));
        Assert.Equal("channelName", error.ParameterName);
    }

    [Fact]
    public void A_channel_name_of_165_characters_is_refused_and_164_is_accepted()
    {
        var authorizer = Authorizer();
        var longest = "private-" + new string('a', 164 - 8);

        Assert.Throws<ApinatorValidationException>(() => authorizer.Authorize("1.1", longest + "a"));
        Assert.Equal(ExpectedAuth("1.1:" + longest), authorizer.Authorize("1.1", longest).Auth);
    }

    [Fact]
    public void A_public_channel_needs_no_authorization_and_is_refused()
    {
        Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("1.1", "orders"));
    }

    [Fact]
    public void A_presence_channel_without_a_member_is_refused()
    {
        var error = Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("1.1", "presence-room"));
        Assert.Equal("member", error.ParameterName);
    }

    [Fact]
    public void A_presence_member_with_an_empty_user_id_is_refused()
    {
        var error = Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("1.1", "presence-room", new PresenceMember("")));
        Assert.Equal("member", error.ParameterName);
    }

    [Fact]
    public void A_member_on_a_private_channel_is_refused()
    {
        Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("1.1", "private-orders", new PresenceMember("u-1")));
    }

    [Fact]
    public void A_presence_member_without_info_signs_an_empty_user_info_object()
    {
        // Apinator's browser client refuses channel_data whose user_info is missing or not an object
        // (apinator-io/sdk-js, src/index.ts, parsePresenceSelf: "invalid channel_data").
        var authorization = Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7"));

        Assert.Equal("{\"user_id\":\"u-7\",\"user_info\":{}}", authorization.ChannelData);
        Assert.Equal(ExpectedAuth("12.34:presence-room:{\"user_id\":\"u-7\",\"user_info\":{}}"), authorization.Auth);
    }

    [Theory]
    [InlineData("text")]
    [InlineData(42)]
    [InlineData(true)]
    public void A_presence_member_whose_info_is_not_an_object_is_refused(object info)
    {
        // apinator-io/sdk-js, src/index.ts, parsePresenceSelf: user_info must be a non-array object.
        var error = Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7", info)));

        Assert.Contains("user_info", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"Ada\"}", true)]
    [InlineData("[1,2]", false)]
    [InlineData("\"Ada\"", false)]
    [InlineData("null", false)]
    public void A_presence_member_whose_info_is_json_is_checked_on_what_it_writes(string json, bool accepted)
    {
        // JsonElement and JsonNode have their own converters: their shape is known only once written.
        object[] infos = [JsonDocument.Parse(json).RootElement.Clone(), (object?)System.Text.Json.Nodes.JsonNode.Parse(json) ?? "null-node"];
        foreach (var info in infos)
        {
            if (accepted)
            {
                var authorization = Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7", info));
                Assert.Equal("{\"user_id\":\"u-7\",\"user_info\":" + json + "}", authorization.ChannelData);
            }
            else
            {
                Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7", info)));
            }
        }
    }

    [Fact]
    public void A_presence_member_whose_info_is_a_dictionary_is_an_object()
    {
        var authorization = Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7", new Dictionary<string, int> { ["age"] = 36 }));

        Assert.Equal("{\"user_id\":\"u-7\",\"user_info\":{\"age\":36}}", authorization.ChannelData);
    }

    [Fact]
    public void A_presence_member_whose_info_is_an_array_is_refused() =>
        Assert.Throws<ApinatorValidationException>(() => Authorizer().Authorize("12.34", "presence-room", new PresenceMember("u-7", new[] { "a" })));

    [Fact]
    public void A_private_channel_auth_signs_socket_and_channel()
    {
        var authorization = Authorizer().Authorize("12.34", "private-orders");

        Assert.Equal(ExpectedAuth("12.34:private-orders"), authorization.Auth);
        Assert.Null(authorization.ChannelData);
    }

    [Fact]
    public void An_encrypted_channel_without_a_master_key_is_refused()
    {
        Assert.Throws<ApinatorEncryptionException>(() => Authorizer().Authorize("1.1", "private-encrypted-vault"));
    }

    [Fact]
    public void User_authentication_with_an_empty_id_is_refused()
    {
        var error = Assert.Throws<ApinatorValidationException>(() => Authorizer().AuthenticateUser("1.1", new UserData("")));
        Assert.Equal("user", error.ParameterName);
    }

    [Fact]
    public void User_data_fields_may_not_repeat_the_id_or_be_other_than_an_object()
    {
        var authorizer = Authorizer();

        Assert.Throws<ApinatorValidationException>(() => authorizer.AuthenticateUser("1.1", new UserData("u-1", new { id = "u-2" })));
        Assert.Throws<ApinatorValidationException>(() => authorizer.AuthenticateUser("1.1", new UserData("u-1", new[] { 1, 2 })));
    }

    [Fact]
    public void User_authentication_signs_the_user_marker()
    {
        var authentication = Authorizer().AuthenticateUser("5.6", new UserData("u-1"));

        Assert.Equal("{\"id\":\"u-1\"}", authentication.UserData);
        Assert.Equal(ExpectedAuth("5.6::user::{\"id\":\"u-1\"}"), authentication.Auth);
    }

    [Fact]
    public void The_authorization_serializes_to_the_wire_shape_without_empty_members()
    {
        var authorization = Authorizer().Authorize("12.34", "private-orders");

        Assert.Equal("{\"auth\":\"" + ExpectedAuth("12.34:private-orders") + "\"}", JsonSerializer.Serialize(authorization));
    }

    [Fact]
    public void The_authorizer_needs_a_key_and_a_secret()
    {
        Assert.Contains("Key", Assert.Throws<ApinatorConfigurationException>(() => new ChannelAuthorizer(new ApinatorOptions { Secret = "s" })).Message, StringComparison.Ordinal);
        Assert.Contains("Secret", Assert.Throws<ApinatorConfigurationException>(() => new ChannelAuthorizer(new ApinatorOptions { Key = "k" })).Message, StringComparison.Ordinal);
    }
}
