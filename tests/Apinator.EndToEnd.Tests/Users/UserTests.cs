using System.Text.Json;
using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;

namespace Apinator.EndToEnd.Users;

[Collection(EndToEndCollection.Name)]
public class UserTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_signed_in_user_gets_events_sent_to_them_and_nobody_else_does()
    {
        var alice = EndToEndFixture.UniqueName("alice");
        var bob = EndToEndFixture.UniqueName("bob");
        await using var aliceDriver = await PusherDriver.ConnectAsync(fixture, alice, "Alice");
        await using var bobDriver = await PusherDriver.ConnectAsync(fixture, bob);

        var signedIn = await aliceDriver.SignInAsync();
        await bobDriver.SignInAsync();

        using (var userData = JsonDocument.Parse(signedIn.Text("user_data")!))
        {
            Assert.Equal(alice, userData.RootElement.Text("id"));
            Assert.Equal("Alice", userData.RootElement.Text("name"));
        }

        await fixture.Apinator.SendToUserAsync(alice, "notice", new { text = "only for alice" });
        var received = await aliceDriver.Process.WaitForAsync(line => line.Is("user_event") && line.Has("event", "notice"), "user_event notice");
        Assert.Equal("only for alice", received.GetProperty("data").Text("text"));

        // Bob's connection delivers in order: once his own notice is there, alice's would have been too.
        await fixture.Apinator.SendToUserAsync(bob, "notice", new { text = "only for bob" });
        await bobDriver.Process.WaitForAsync(line => line.Is("user_event") && line.Has("event", "notice"), "user_event notice");
        var bobEvents = bobDriver.Process.Lines.Snapshot().Where(line => line.Is("user_event")).ToList();
        Assert.Equal("only for bob", Assert.Single(bobEvents).GetProperty("data").Text("text"));
        Assert.Single(aliceDriver.Process.Lines.Snapshot(), line => line.Is("user_event"));
    }

    [Fact]
    public async Task Terminating_a_users_connections_disconnects_that_user_only()
    {
        var alice = EndToEndFixture.UniqueName("alice");
        var bob = EndToEndFixture.UniqueName("bob");
        await using var aliceDriver = await PusherDriver.ConnectAsync(fixture, alice);
        await using var bobDriver = await PusherDriver.ConnectAsync(fixture, bob);
        await aliceDriver.SignInAsync();
        await bobDriver.SignInAsync();
        var from = aliceDriver.Process.Lines.Count;

        await fixture.Apinator.TerminateUserConnectionsAsync(alice);

        var error = await aliceDriver.Process.WaitForAsync(line => line.Is("error"), "error", from);
        var data = error.GetProperty("error").GetProperty("data");
        Assert.Equal(4009, data.GetProperty("code").GetInt32());
        Assert.Equal("You got disconnected by the app.", data.Text("message"));
        await aliceDriver.Process.WaitForAsync(line => line.Is("disconnected"), "disconnected", from);
        // 4009 is a "don't reconnect" close code for pusher-js: it disconnects for good at once
        // (state "disconnected", no retry scheduled), where a code it retries leaves it "connecting".
        // Asked, not waited for: no pause decides this.
        Assert.DoesNotContain(aliceDriver.Process.Lines.Snapshot(from), line => line.Is("connected"));
        Assert.Equal("disconnected", (await aliceDriver.Process.SendAsync("state")).Text("state"));
        var bobState = await bobDriver.Process.SendAsync("state");
        Assert.Equal("connected", bobState.Text("state"));
    }
}
