using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;

namespace Apinator.EndToEnd.Channels;

[Collection(EndToEndCollection.Name)]
public class PrivateChannelTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Pusher_js_subscribes_through_the_auth_endpoint_and_Soketi_accepts_the_signature()
    {
        var channel = EndToEndFixture.UniqueName("private-e2e");
        await using var driver = await PusherDriver.ConnectAsync(fixture, user: "alice");

        var outcome = await driver.TrySubscribeAsync(channel);

        Assert.True(outcome.Is("subscribed"), $"expected subscribed, got {outcome}");
        await fixture.Apinator.TriggerAsync(channel, "secret-ish", new { ok = true });
        var received = await driver.WaitForEventAsync(channel, "secret-ish");
        Assert.True(received.GetProperty("data").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_channel_the_rules_refuse_yields_a_subscription_error_with_status_403()
    {
        var channel = EndToEndFixture.UniqueName("private-forbidden");
        await using var driver = await PusherDriver.ConnectAsync(fixture, user: "alice");

        var outcome = await driver.TrySubscribeAsync(channel);

        Assert.True(outcome.Is("subscription_error"), $"expected subscription_error, got {outcome}");
        Assert.Equal(403, outcome.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_anonymous_socket_gets_a_subscription_error_with_status_401()
    {
        var channel = EndToEndFixture.UniqueName("private-e2e");
        await using var driver = await PusherDriver.ConnectAsync(fixture, user: null);

        var outcome = await driver.TrySubscribeAsync(channel);

        Assert.True(outcome.Is("subscription_error"), $"expected subscription_error, got {outcome}");
        Assert.Equal(401, outcome.GetProperty("status").GetInt32());
    }
}
