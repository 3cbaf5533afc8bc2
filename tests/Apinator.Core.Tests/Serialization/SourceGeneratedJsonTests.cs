using System.Text.Json;
using System.Text.Json.Serialization;
using Apinator.Channels;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Serialization;

/// <summary>
/// Trimmed and Native AOT apps set a source-generated context as Apinator's JSON options; every
/// object the library serializes must go through it, and a type it lacks must say what to do.
/// </summary>
public partial class SourceGeneratedJsonTests
{
    [Fact]
    public async Task Event_data_is_serialized_through_the_configured_context()
    {
        using var test = new TestClient(configure: o => o.JsonSerializerOptions = AppJson.Default.Options);

        await test.Client.TriggerAsync("orders", "created", new OrderCreated("ord_1", 3));

        using var body = JsonDocument.Parse(Assert.Single(test.Handler.Requests).Body);
        Assert.Equal("""{"orderId":"ord_1","items":3}""", body.RootElement.GetProperty("data").GetString());
    }

    [Fact]
    public void Presence_user_info_and_user_data_go_through_the_context()
    {
        var options = TestClient.OptionsFor(ApinatorProtocol.Pusher);
        options.JsonSerializerOptions = AppJson.Default.Options;
        var authorizer = new ChannelAuthorizer(options);

        var presence = authorizer.Authorize("1.2", "presence-room", new PresenceMember("u-1", new MemberInfo("Ada")));
        var user = authorizer.AuthenticateUser("1.2", new UserData("u-1", new MemberInfo("Ada")));

        Assert.Equal("""{"user_id":"u-1","user_info":{"displayName":"Ada"}}""", presence.ChannelData);
        Assert.Equal("""{"id":"u-1","displayName":"Ada"}""", user.UserData);
    }

    [Fact]
    public async Task A_type_the_context_lacks_is_a_configuration_error_that_says_what_to_do_and_sends_nothing()
    {
        using var test = new TestClient(configure: o => o.JsonSerializerOptions = AppJson.Default.Options);

        var error = await Assert.ThrowsAsync<ApinatorConfigurationException>(() => test.Client.TriggerAsync("orders", "created", new { anonymous = true }));

        Assert.Contains("JsonSerializerContext", error.Message, StringComparison.Ordinal);
        Assert.Empty(test.Handler.Requests);
    }

    public sealed record OrderCreated(string OrderId, int Items);

    public sealed record MemberInfo(string DisplayName);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(OrderCreated))]
    [JsonSerializable(typeof(MemberInfo))]
    private sealed partial class AppJson : JsonSerializerContext;
}
