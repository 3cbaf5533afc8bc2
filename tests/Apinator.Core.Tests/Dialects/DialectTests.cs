using System.Reflection;
using Apinator.Dialects;
using Apinator.Signing;
using Apinator.Sockudo;
using Apinator.Tests.Sockudo;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Dialects;

/// <summary>One dialect per service, and the places the services used to disagree with themselves.</summary>
public class DialectTests
{
    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    [InlineData(ApinatorProtocol.Sockudo)]
    public void Each_protocol_has_one_dialect_that_answers_to_it(ApinatorProtocol protocol)
    {
        var dialect = ServiceDialect.For(protocol);

        Assert.Equal(protocol, dialect.Protocol);
        Assert.Same(dialect, ServiceDialect.For(protocol));
        Assert.Equal(protocol.ToString(), dialect.ToString());
    }

    [Fact]
    public void An_undefined_protocol_has_no_dialect()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceDialect.For((ApinatorProtocol)42));
        Assert.Throws<ApinatorConfigurationException>(() => new global::Apinator.Channels.ChannelAuthorizer(new ApinatorOptions { Key = "k", Secret = "s", Protocol = (ApinatorProtocol)42 }));
    }

    [Fact]
    public void Header_credentials_hold_no_hmac_key_since_they_never_sign()
    {
        var signer = ServiceDialect.HeaderCredentials.CreateSigner(TestClient.OptionsFor(ApinatorProtocol.HeaderCredentials));
        var fields = signer.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        Assert.DoesNotContain(fields, f => f.FieldType == typeof(HmacKey));
        Assert.Contains(ServiceDialect.Apinator.CreateSigner(TestClient.OptionsFor(ApinatorProtocol.Apinator)).GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic), f => f.FieldType == typeof(HmacKey));
    }

    [Fact]
    public async Task Both_clients_escape_a_namespaced_channel_path_alike()
    {
        using var wire = new SockudoWire();

        await wire.Test.Client.GetChannelAsync("private-chat:room1");
        try
        {
            await wire.Extensions.GetHistoryStateAsync("private-chat:room1");
        }
        catch (ApinatorApiException)
        {
            // The answer "{}" is not a history state; only the path sent matters here.
        }

        var paths = wire.Handler.Requests.Select(r => r.Uri.AbsolutePath).ToArray();
        Assert.Equal(2, paths.Length);
        Assert.Equal($"/apps/{TestClient.AppId}/channels/private-chat:room1", paths[0]);
        Assert.Equal($"/apps/{TestClient.AppId}/channels/private-chat:room1/history/state", paths[1]);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_channel_named_as_a_folder_step_is_refused_before_sending_since_a_url_would_drop_it(string channel)
    {
        using var wire = new SockudoWire();

        var channelQuery = await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Test.Client.GetChannelAsync(channel));
        var history = await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Extensions.GetHistoryStateAsync(channel));

        Assert.Equal("channel", channelQuery.ParameterName);
        Assert.Equal("channel", history.ParameterName);
        Assert.Empty(wire.Handler.Requests);
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("chat:room/1", "chat:room%2F1")]
    [InlineData("x%3Ay", "x%253Ay")]
    public void A_path_segment_keeps_only_the_colon_unescaped(string value, string expected)
    {
        Assert.Equal(expected, ServiceDialect.PathSegment(value));
    }

    [Fact]
    public async Task A_sockudo_channel_list_prefix_may_be_namespaced()
    {
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = """{"channels":{"private-chat:room1":{}}}""";

        var channels = await wire.Test.Client.GetChannelsAsync("private-chat:");

        Assert.Equal("private-chat:room1", Assert.Single(channels).Name);

        Assert.Contains(KeyValuePair.Create("filter_by_prefix", "private-chat:"), wire.Handler.Single().QueryParameters);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Elsewhere_a_namespaced_prefix_is_refused_before_sending(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        var e = await Assert.ThrowsAsync<ApinatorValidationException>(() => test.Client.GetChannelsAsync("private-chat:"));

        Assert.Equal("prefix", e.ParameterName);
        Assert.Contains("_ - = @ , . ;", e.Message, StringComparison.Ordinal);
        Assert.Empty(test.Handler.Requests);
    }

    [Fact]
    public void Sockudo_authorizes_its_namespaced_channels_and_pusher_does_not()
    {
        using var sockudo = new TestClient(ApinatorProtocol.Sockudo);
        using var pusher = new TestClient(ApinatorProtocol.Pusher);

        Assert.StartsWith(TestClient.Key + ":", sockudo.Client.AuthorizeChannel("1.2", "private-chat:room1").Auth, StringComparison.Ordinal);
        Assert.Throws<ApinatorValidationException>(() => pusher.Client.AuthorizeChannel("1.2", "private-chat:room1"));
    }

    [Fact]
    public void Only_a_self_hosted_dialect_needs_a_base_address()
    {
        static IReadOnlyList<string> Problems(ApinatorProtocol protocol) =>
            new ApinatorOptions { AppId = "1", Key = "k", Secret = "s", Cluster = "eu", Protocol = protocol }.Validate();

        Assert.Empty(Problems(ApinatorProtocol.Apinator));
        Assert.Empty(Problems(ApinatorProtocol.Pusher));
        Assert.Contains(Problems(ApinatorProtocol.Sockudo), p => p.StartsWith("Apinator:BaseAddress is required with Protocol Sockudo", StringComparison.Ordinal));
        Assert.Contains(Problems(ApinatorProtocol.HeaderCredentials), p => p.StartsWith("Apinator:BaseAddress is required with Protocol HeaderCredentials", StringComparison.Ordinal));
    }
}
