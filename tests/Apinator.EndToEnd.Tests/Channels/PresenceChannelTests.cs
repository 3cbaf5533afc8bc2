using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;
using Apinator.Rest;

namespace Apinator.EndToEnd.Channels;

[Collection(EndToEndCollection.Name)]
public class PresenceChannelTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Members_seen_by_pusher_js_match_the_rest_api_users_and_counts()
    {
        var channel = EndToEndFixture.UniqueName("presence-e2e");
        var alice = EndToEndFixture.UniqueName("alice");
        var bob = EndToEndFixture.UniqueName("bob");
        await using var aliceDriver = await PusherDriver.ConnectAsync(fixture, alice, "Alice");
        await using var bobDriver = await PusherDriver.ConnectAsync(fixture, bob, "Bob");

        var aliceSubscribed = await aliceDriver.SubscribeAsync(channel);
        Assert.Equal(alice, aliceSubscribed.GetProperty("members").GetProperty("me").Text("id"));
        var from = aliceDriver.Process.Lines.Count;
        await bobDriver.SubscribeAsync(channel);
        var added = await aliceDriver.WaitForEventAsync(channel, "pusher:member_added", from);
        Assert.Equal(bob, added.GetProperty("data").Text("id"));
        Assert.Equal("Bob", added.GetProperty("data").GetProperty("info").Text("name"));

        foreach (var (driver, me, name) in new[] { (aliceDriver, alice, "Alice"), (bobDriver, bob, "Bob") })
        {
            var members = await driver.MembersAsync(channel);
            Assert.Equal(2, members.GetProperty("count").GetInt32());
            Assert.Equal(me, members.GetProperty("me").Text("id"));
            Assert.Equal(name, members.GetProperty("me").GetProperty("info").Text("name"));
            Assert.Equal(
                new[] { (alice, "Alice"), (bob, "Bob") }.Order(),
                members.GetProperty("members").EnumerateArray().Select(m => (m.Text("id")!, m.GetProperty("info").Text("name")!)).Order());
        }

        var users = await fixture.Apinator.GetPresenceUsersAsync(channel);
        Assert.Equal(new[] { alice, bob }.Order(), users.Select(u => u.Id).Order());

        var state = await fixture.Apinator.GetChannelAsync(channel, ChannelInfo.UserCount | ChannelInfo.SubscriptionCount);
        Assert.Equal(new ChannelState(channel, Occupied: true, UserCount: 2, SubscriptionCount: 2), state);

        var listed = await fixture.Apinator.GetChannelsAsync("presence-", ChannelInfo.UserCount);
        Assert.All(listed, c => Assert.StartsWith("presence-", c.Name, StringComparison.Ordinal));
        // Soketi's channel list ignores `info`: it always reports subscription_count and never user_count.
        Assert.Equal(new ChannelSummary(channel, SubscriptionCount: 2, UserCount: null), Assert.Single(listed, c => c.Name == channel));
    }

    [Fact]
    public async Task A_second_connection_of_the_same_user_adds_a_subscription_but_not_a_user()
    {
        var channel = EndToEndFixture.UniqueName("presence-e2e");
        var alice = EndToEndFixture.UniqueName("alice");
        var bob = EndToEndFixture.UniqueName("bob");
        await using var aliceDriver = await PusherDriver.ConnectAsync(fixture, alice);
        await using var aliceAgain = await PusherDriver.ConnectAsync(fixture, alice);
        await using var bobDriver = await PusherDriver.ConnectAsync(fixture, bob);
        await aliceDriver.SubscribeAsync(channel);
        await aliceAgain.SubscribeAsync(channel);
        await bobDriver.SubscribeAsync(channel);

        var members = await bobDriver.MembersAsync(channel);
        var state = await fixture.Apinator.GetChannelAsync(channel, ChannelInfo.UserCount | ChannelInfo.SubscriptionCount);
        var users = await fixture.Apinator.GetPresenceUsersAsync(channel);

        Assert.Equal(2, members.GetProperty("count").GetInt32());
        Assert.Equal(new ChannelState(channel, Occupied: true, UserCount: 2, SubscriptionCount: 3), state);
        Assert.Equal(new[] { alice, bob }.Order(), users.Select(u => u.Id).Order());
    }
}
