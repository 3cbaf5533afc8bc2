using System.Security.Cryptography;
using System.Text;
using Apinator.AspNetCore.Webhooks;
using Apinator.Dialects;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// A delivery's store key is the SHA-256 of exactly what the service signed, computed here on its own:
/// instances of different versions sharing one store must agree on it, or a replay would run twice.
/// </summary>
public sealed class DeliveryKeyTests
{
    private const string Body = """{"time_ms":1700000000000,"events":[{"name":"channel_occupied","channel":"private-a"}]}""";

    [Fact]
    public void Apinator_hashes_the_timestamp_a_dot_and_the_body()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("1700000000." + Body)));

        var key = DeliveryKey.For(ServiceDialect.Apinator, "app-1", name => name.Equals("X-Realtime-Timestamp", StringComparison.OrdinalIgnoreCase) ? "1700000000" : null, Encoding.UTF8.GetBytes(Body));

        Assert.Equal($"apinator:webhook:app-1:{expected}", key);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public void Pusher_family_hashes_the_body_which_carries_its_time(ApinatorProtocol protocol)
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body)));

        var key = DeliveryKey.For(ServiceDialect.For(protocol), "app-1", _ => "ignored", Encoding.UTF8.GetBytes(Body));

        Assert.Equal($"apinator:webhook:app-1:{expected}", key);
    }

    [Fact]
    public void A_long_body_hashes_the_same_as_a_short_one_would_by_the_same_rule()
    {
        // Past the stack buffer: the signed string moves to a pooled one.
        var body = "{\"pad\":\"" + new string('x', 10_000) + "\"}";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("42." + body)));

        var key = DeliveryKey.For(ServiceDialect.Apinator, "a", _ => "42", Encoding.UTF8.GetBytes(body));

        Assert.Equal($"apinator:webhook:a:{expected}", key);
    }
}
