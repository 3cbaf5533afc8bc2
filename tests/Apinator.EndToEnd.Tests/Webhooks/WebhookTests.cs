using System.Text.Json;
using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;
using Apinator.EndToEnd.Observing;
using Apinator.Webhooks;

namespace Apinator.EndToEnd.Webhooks;

[Collection(EndToEndCollection.Name)]
public class WebhookTests(EndToEndFixture fixture)
{
    private AsyncLog<HandledWebhook> Handled => fixture.Webhooks.Handled;

    [Fact]
    public async Task Presence_lifecycle_and_client_events_from_Soketi_reach_the_typed_handler_methods()
    {
        var channel = EndToEndFixture.UniqueName("presence-hooks");
        var alice = EndToEndFixture.UniqueName("alice");
        var bob = EndToEndFixture.UniqueName("bob");
        var aliceDriver = await PusherDriver.ConnectAsync(fixture, alice);
        await using var bobDriver = await PusherDriver.ConnectAsync(fixture, bob);
        try
        {
            await aliceDriver.SubscribeAsync(channel);
            await WaitForAsync("OnChannelOccupiedAsync", new ChannelOccupiedEvent(channel));
            await WaitForAsync("OnMemberAddedAsync", new MemberAddedEvent(channel, alice));

            await bobDriver.SubscribeAsync(channel);
            await WaitForAsync("OnMemberAddedAsync", new MemberAddedEvent(channel, bob));

            await aliceDriver.TriggerClientEventAsync(channel, "client-typing", new { typing = true });
            var relayed = await bobDriver.WaitForEventAsync(channel, "client-typing");
            Assert.Equal(alice, relayed.Text("user_id"));
            var handled = await Handled.WaitForAsync(h => h.Event is ClientEvent e && e.Channel == channel, "OnClientEventAsync", JsonLinesProcess.DefaultTimeout);
            Assert.Equal("OnClientEventAsync", handled.Method);
            var clientEvent = (ClientEvent)handled.Event;
            Assert.Equal("client-typing", clientEvent.EventName);
            Assert.Equal(alice, clientEvent.UserId);
            Assert.Equal(aliceDriver.SocketId, clientEvent.SocketId);
            // Soketi relays the client's data as a JSON object (Pusher sends a string); either way the handler gets JSON text.
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(new { typing = true }), JsonDocument.Parse(clientEvent.Data!).RootElement), clientEvent.Data);

            await bobDriver.Process.SendAsync("unsubscribe", new { channel });
            await WaitForAsync("OnMemberRemovedAsync", new MemberRemovedEvent(channel, bob));
        }
        finally
        {
            await aliceDriver.DisposeAsync();
        }

        await WaitForAsync("OnMemberRemovedAsync", new MemberRemovedEvent(channel, alice));
        await WaitForAsync("OnChannelVacatedAsync", new ChannelVacatedEvent(channel));
        // Soketi sends one event per POST (no batching): seven deliveries, each answered 200 and handled once.
        var deliveries = fixture.Webhooks.Deliveries.Snapshot().Where(d => d.BodyText.Contains(channel, StringComparison.Ordinal)).ToList();
        Assert.Equal(7, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(200, d.Status));
        Assert.Equal(7, Handled.Snapshot().Count(h => h.Event.Channel == channel));
    }

    [Fact]
    public async Task A_client_event_on_a_private_channel_reaches_OnClientEvent_without_a_user_id()
    {
        var channel = EndToEndFixture.UniqueName("private-hooks");
        await using var sender = await PusherDriver.ConnectAsync(fixture, "alice");
        await using var receiver = await PusherDriver.ConnectAsync(fixture, "bob");
        await sender.SubscribeAsync(channel);
        await receiver.SubscribeAsync(channel);

        await sender.TriggerClientEventAsync(channel, "client-typing", new { typing = false });

        var handled = await Handled.WaitForAsync(h => h.Event is ClientEvent e && e.Channel == channel, "OnClientEventAsync", JsonLinesProcess.DefaultTimeout);
        Assert.Equal("OnClientEventAsync", handled.Method);
        var clientEvent = (ClientEvent)handled.Event;
        Assert.Equal(new ClientEvent(channel, "client-typing", clientEvent.Data, sender.SocketId, UserId: null), clientEvent);
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(new { typing = false }), JsonDocument.Parse(clientEvent.Data!).RootElement), clientEvent.Data);
        await receiver.WaitForEventAsync(channel, "client-typing");
        // Client events are not echoed to their sender.
        Assert.Empty(sender.EventsOn(channel));
    }

    private Task<HandledWebhook> WaitForAsync(string method, WebhookEvent expected) =>
        Handled.WaitForAsync(h => h.Method == method && h.Event == expected, $"{method}({expected})", JsonLinesProcess.DefaultTimeout);
}
