using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Http;

/// <summary>
/// URLs the library builds skip <see cref="Uri"/>'s canonicalization (it has nothing to change in them);
/// these tests hold that what is sent is exactly what a canonical parse of the same text gives.
/// </summary>
public class BuiltUrlTests
{
    public static TheoryData<ApinatorProtocol, string> Channels => new()
    {
        { ApinatorProtocol.Pusher, "orders" },
        { ApinatorProtocol.Pusher, "private-a.b;c=d@e,f" },
        { ApinatorProtocol.Sockudo, "private-chat:room1" },
        { ApinatorProtocol.Apinator, "presence-x_y-z" },
        { ApinatorProtocol.HeaderCredentials, "a.b" },
        // Dots that are not a whole segment: kept as they are (a whole "." or ".." is refused before sending).
        { ApinatorProtocol.Pusher, "a..b" },
        { ApinatorProtocol.Pusher, "..a" },
    };

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task A_channel_query_is_sent_to_the_URL_a_canonical_parse_gives(ApinatorProtocol protocol, string channel)
    {
        using var client = new TestClient(protocol, o => o.BaseAddress = new Uri("http://127.0.0.1:6001"));

        await client.Client.GetChannelAsync(channel, ChannelInfo.SubscriptionCount);

        var sent = client.Handler.Single().Uri;
        var canonical = new Uri(sent.OriginalString, UriKind.Absolute);
        Assert.Equal(canonical.AbsoluteUri, sent.AbsoluteUri);
        Assert.Equal(canonical.PathAndQuery, sent.PathAndQuery);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_trigger_is_sent_to_the_URL_a_canonical_parse_gives(ApinatorProtocol protocol)
    {
        using var client = new TestClient(protocol, o => o.BaseAddress = new Uri("http://127.0.0.1:6001"));

        await client.Client.TriggerAsync("orders", "created", "{}");

        var sent = client.Handler.Single().Uri;
        var canonical = new Uri(sent.OriginalString, UriKind.Absolute);
        Assert.Equal(canonical.AbsoluteUri, sent.AbsoluteUri);
        Assert.Equal(canonical.PathAndQuery, sent.PathAndQuery);
    }
}
