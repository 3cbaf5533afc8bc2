using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;
using Apinator.Rest;

namespace Apinator.EndToEnd.Rest;

[Collection(EndToEndCollection.Name)]
public class TriggerTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task An_event_triggered_on_a_public_channel_reaches_pusher_js_with_its_data()
    {
        var channel = EndToEndFixture.UniqueName("e2e-public");
        await using var driver = await PusherDriver.ConnectAsync(fixture);
        await driver.SubscribeAsync(channel);

        await fixture.Apinator.TriggerAsync(channel, "greeting", new { text = "hello", count = 42 });

        var received = await driver.WaitForEventAsync(channel, "greeting");
        var data = received.GetProperty("data");
        Assert.Equal("hello", data.GetProperty("text").GetString());
        Assert.Equal(42, data.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_event_triggered_on_several_channels_reaches_each_of_them()
    {
        string[] channels = [EndToEndFixture.UniqueName("e2e-multi-a"), EndToEndFixture.UniqueName("e2e-multi-b"), EndToEndFixture.UniqueName("e2e-multi-c")];
        await using var first = await PusherDriver.ConnectAsync(fixture);
        await using var second = await PusherDriver.ConnectAsync(fixture);
        await first.SubscribeAsync(channels[0]);
        await first.SubscribeAsync(channels[1]);
        await second.SubscribeAsync(channels[2]);

        await fixture.Apinator.TriggerAsync(channels, "fan-out", new { n = 1 });

        foreach (var (driver, channel) in new[] { (first, channels[0]), (first, channels[1]), (second, channels[2]) })
        {
            var received = await driver.WaitForEventAsync(channel, "fan-out");
            Assert.Equal(1, received.GetProperty("data").GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public async Task The_excluded_socket_does_not_receive_the_event_and_the_others_do()
    {
        var channel = EndToEndFixture.UniqueName("e2e-exclude");
        await using var sender = await PusherDriver.ConnectAsync(fixture);
        await using var other = await PusherDriver.ConnectAsync(fixture);
        await sender.SubscribeAsync(channel);
        await other.SubscribeAsync(channel);

        await fixture.Apinator.TriggerAsync(channel, "said", new { text = "not for the sender" }, new TriggerOptions { SocketId = sender.SocketId });
        await other.WaitForEventAsync(channel, "said");
        // Soketi delivers a socket's messages in order: once the sender has the next event, it is
        // certain the excluded one was never coming.
        await fixture.Apinator.TriggerAsync(channel, "marker", "{}");
        await sender.WaitForEventAsync(channel, "marker");

        Assert.DoesNotContain(sender.EventsOn(channel), line => line.Has("event", "said"));
        Assert.Single(other.EventsOn(channel), line => line.Has("event", "said"));
    }

    [Fact]
    public async Task A_batch_of_ten_events_arrives_complete_and_in_order()
    {
        var channel = EndToEndFixture.UniqueName("e2e-batch");
        await using var driver = await PusherDriver.ConnectAsync(fixture);
        await driver.SubscribeAsync(channel);
        var batch = Enumerable.Range(0, 10).Select(i => new BatchEvent(channel, $"item-{i}", new { index = i })).ToList();

        await fixture.Apinator.TriggerBatchAsync(batch);

        await driver.WaitForEventAsync(channel, "item-9");
        var received = driver.EventsOn(channel);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"item-{i}"), received.Select(line => line.Text("event")));
        Assert.Equal(Enumerable.Range(0, 10), received.Select(line => line.GetProperty("data").GetProperty("index").GetInt32()));
    }
}
