using System.Text;
using System.Text.Json;
using Apinator.Tests.Conformance;
using Apinator.Webhooks;

namespace Apinator.Tests.Webhooks;

public class WebhookParserTests
{
    private static readonly WebhookParser Parser = new(new ApinatorOptions());

    private static WebhookDelivery Parse(string body, WebhookParser? parser = null) => (parser ?? Parser).Parse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_pusher_envelope_yields_every_event_in_order()
    {
        const string body = """
            {"time_ms":1700000000123,"events":[
              {"name":"channel_occupied","channel":"private-a"},
              {"name":"channel_vacated","channel":"private-b"},
              {"name":"member_added","channel":"presence-room","user_id":"u-1"},
              {"name":"member_removed","channel":"presence-room","user_id":"u-2"},
              {"name":"client_event","channel":"presence-room","event":"client-typing","data":"{\"on\":true}","socket_id":"12.34","user_id":"u-3"},
              {"name":"cache_miss","channel":"cache-c"},
              {"name":"subscription_count","channel":"d","subscription_count":7},
              {"name":"something_new","channel":"e","extra":[1,2]}
            ]}
            """;

        var delivery = Parse(body);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), delivery.Time);
        Assert.Collection(
            delivery.Events,
            e => Assert.Equal(new ChannelOccupiedEvent("private-a"), e),
            e => Assert.Equal(new ChannelVacatedEvent("private-b"), e),
            e => Assert.Equal(new MemberAddedEvent("presence-room", "u-1"), e),
            e => Assert.Equal(new MemberRemovedEvent("presence-room", "u-2"), e),
            e => Assert.Equal(new ClientEvent("presence-room", "client-typing", "{\"on\":true}", "12.34", "u-3"), e),
            e => Assert.Equal(new CacheMissEvent("cache-c"), e),
            e => Assert.Equal(new SubscriptionCountEvent("d", 7), e),
            e =>
            {
                var unknown = Assert.IsType<UnknownWebhookEvent>(e);
                Assert.Equal("something_new", unknown.Name);
                Assert.Equal("e", unknown.Channel);
                Assert.Equal("{\"name\":\"something_new\",\"channel\":\"e\",\"extra\":[1,2]}", unknown.RawJson);
            });
        Assert.Equal(["channel_occupied", "channel_vacated", "member_added", "member_removed", "client_event", "cache_miss", "subscription_count", "something_new"], delivery.Events.Select(e => e.Name));
    }

    [Fact]
    public void A_client_event_without_socket_or_user_keeps_them_null()
    {
        var delivery = Parse("{\"time_ms\":1,\"events\":[{\"name\":\"client_event\",\"channel\":\"private-a\",\"event\":\"client-x\",\"data\":\"hi\"}]}");

        Assert.Equal(new ClientEvent("private-a", "client-x", "hi", null, null), Assert.Single(delivery.Events));
    }

    [Fact]
    public void A_client_event_whose_data_is_an_object_keeps_its_json_text()
    {
        var delivery = Parse("{\"time_ms\":1,\"events\":[{\"name\":\"client_event\",\"channel\":\"private-a\",\"event\":\"client-x\",\"data\":{\"a\":1}}]}");

        Assert.Equal("{\"a\":1}", Assert.IsType<ClientEvent>(Assert.Single(delivery.Events)).Data);
    }

    [Fact]
    public void An_apinator_body_with_the_name_under_event_is_one_event()
    {
        var delivery = Parse("{\"event\":\"channel_occupied\",\"channel\":\"chat\"}");

        Assert.Null(delivery.Time);
        Assert.Equal(new ChannelOccupiedEvent("chat"), Assert.Single(delivery.Events));
    }

    [Fact]
    public void An_apinator_body_with_the_name_under_type_is_one_event()
    {
        var delivery = Parse("{\"type\":\"member_added\",\"channel\":\"presence-room\",\"user_id\":\"u-9\"}");

        Assert.Equal(new MemberAddedEvent("presence-room", "u-9"), Assert.Single(delivery.Events));
    }

    [Fact]
    public void An_apinator_member_event_with_a_nested_member_reads_its_id_and_info()
    {
        // The shape of apinator-io/sdk-php, examples/webhook-handler.php: the name under "event",
        // the member under "member" ({"user_id","user_info"}).
        var delivery = Parse("{\"event\":\"member_added\",\"channel\":\"presence-room\",\"member\":{\"user_id\":\"u-3\",\"user_info\":{\"name\":\"Ada\"}}}");

        var added = Assert.IsType<MemberAddedEvent>(Assert.Single(delivery.Events));
        Assert.Equal("u-3", added.UserId);
        Assert.Equal("{\"name\":\"Ada\"}", added.UserInfoJson);
    }

    [Fact]
    public void An_apinator_member_removed_with_a_nested_member_reads_its_id()
    {
        // apinator-io/sdk-php, examples/webhook-handler.php: member_removed carries "member" too.
        var delivery = Parse("{\"event\":\"member_removed\",\"channel\":\"presence-room\",\"member\":{\"user_id\":\"u-3\"}}");

        var removed = Assert.IsType<MemberRemovedEvent>(Assert.Single(delivery.Events));
        Assert.Equal("u-3", removed.UserId);
        Assert.Null(removed.UserInfoJson);
    }

    [Fact]
    public void A_flat_member_event_keeps_its_user_info_when_sent()
    {
        // apinator-io/sdk-python, examples/webhook_handler.py reads a flat "user_id" under "type".
        var delivery = Parse("{\"type\":\"member_added\",\"channel\":\"presence-room\",\"user_id\":\"u-9\",\"user_info\":{\"n\":1}}");

        var added = Assert.IsType<MemberAddedEvent>(Assert.Single(delivery.Events));
        Assert.Equal(("u-9", "{\"n\":1}"), (added.UserId, added.UserInfoJson));
    }

    [Fact]
    public void An_apinator_client_event_named_under_event_takes_its_client_name_from_name()
    {
        var delivery = Parse("{\"event\":\"client_event\",\"name\":\"client-typing\",\"channel\":\"private-a\",\"data\":\"x\",\"socket_id\":\"1.2\"}");

        Assert.Equal(new ClientEvent("private-a", "client-typing", "x", "1.2", null), Assert.Single(delivery.Events));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"events\":[")]
    [InlineData("[1,2]")]
    [InlineData("{\"events\":{}}")]
    [InlineData("{\"events\":[1]}")]
    [InlineData("{\"events\":[{\"channel\":\"a\"}]}")]
    [InlineData("{\"channel\":\"a\"}")]
    public void A_body_of_neither_shape_is_a_validation_error(string body)
    {
        Assert.Throws<ApinatorValidationException>(() => Parse(body));
    }

    [Theory]
    [InlineData("{\"time_ms\":\"yesterday\",\"events\":[]}", "time_ms")]
    [InlineData("{\"time_ms\":-1,\"events\":[]}", "time_ms")]
    [InlineData("{\"time_ms\":1,\"events\":[{\"name\":\"subscription_count\",\"channel\":\"d\",\"subscription_count\":\"7\"}]}", "subscription_count")]
    [InlineData("{\"time_ms\":1,\"events\":[{\"name\":\"subscription_count\",\"channel\":\"d\"}]}", "subscription_count")]
    public void Fields_of_the_wrong_json_type_are_refused_by_name(string body, string field)
    {
        var error = Assert.Throws<ApinatorValidationException>(() => Parse(body));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    private static string EncryptedClientEventBody(out string plaintext)
    {
        var vector = ConformanceVectors.PusherCases("encrypted_event")[0];
        plaintext = vector.Text("plaintext");
        var envelope = new
        {
            time_ms = 1_700_000_000_000,
            events = new[] { new { name = "client_event", channel = vector.Text("channel_name"), @event = "client-secret", data = vector.Text("expected_data"), socket_id = "1.2" } },
        };
        return JsonSerializer.Serialize(envelope);
    }

    [Fact]
    public void An_encrypted_client_event_is_decrypted_with_the_master_key()
    {
        var body = EncryptedClientEventBody(out var plaintext);
        var parser = new WebhookParser(new ApinatorOptions { EncryptionMasterKeyBase64 = ConformanceVectors.PusherConfig.Text("encryption_master_key_base64") });

        var e = Assert.IsType<ClientEvent>(Assert.Single(Parse(body, parser).Events));

        Assert.Equal(plaintext, e.Data);
        Assert.Null(e.DecryptionError);
        Assert.Equal("client-secret", e.EventName);
    }

    [Fact]
    public void An_encrypted_client_event_with_the_wrong_master_key_has_no_data_and_says_why()
    {
        var body = EncryptedClientEventBody(out _);
        var parser = new WebhookParser(new ApinatorOptions { EncryptionMasterKeyBase64 = Convert.ToBase64String(new byte[32]) });

        var e = Assert.IsType<ClientEvent>(Assert.Single(Parse(body, parser).Events));

        Assert.Null(e.Data);
        Assert.False(string.IsNullOrEmpty(e.DecryptionError));
    }

    [Theory]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\",\"ciphertext\":\"AAAA\"}")]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\",\"ciphertext\":\"\"}")]
    [InlineData("{\"nonce\":\"AAAA\",\"ciphertext\":\"AAAA\"}")]
    [InlineData("plain text")]
    public void A_malformed_encrypted_client_event_from_a_client_has_no_data_and_says_why(string data)
    {
        var body = JsonSerializer.Serialize(new { time_ms = 1, events = new[] { new { name = "client_event", channel = "private-encrypted-vault", @event = "client-x", data } } });
        var parser = new WebhookParser(new ApinatorOptions { EncryptionMasterKeyBase64 = ConformanceVectors.PusherConfig.Text("encryption_master_key_base64") });

        var e = Assert.IsType<ClientEvent>(Assert.Single(Parse(body, parser).Events));

        Assert.Null(e.Data);
        Assert.False(string.IsNullOrEmpty(e.DecryptionError));
    }

    [Fact]
    public void An_encrypted_client_event_without_a_master_key_has_no_data_and_says_why()
    {
        var e = Assert.IsType<ClientEvent>(Assert.Single(Parse(EncryptedClientEventBody(out _)).Events));

        Assert.Null(e.Data);
        Assert.Contains("EncryptionMasterKeyBase64", e.DecryptionError, StringComparison.Ordinal);
    }
}
