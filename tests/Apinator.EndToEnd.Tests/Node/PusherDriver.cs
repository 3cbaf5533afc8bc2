using System.Text.Json;
using Apinator.EndToEnd.Hosting;
using MinimalApi.LocalServer;

namespace Apinator.EndToEnd.Node;

/// <summary>
/// A pusher-js client (tests/node/driver.mjs) connected to the suite's Soketi, authorizing through
/// the test app's endpoints as <see cref="User"/> (or anonymously).
/// </summary>
public sealed class PusherDriver : IAsyncDisposable
{
    private PusherDriver(JsonLinesProcess process, string? user, string socketId)
    {
        Process = process;
        User = user;
        SocketId = socketId;
    }

    /// <summary>The driver process: every line pusher-js reported.</summary>
    public JsonLinesProcess Process { get; }

    /// <summary>The user its auth requests are made as, or null when anonymous.</summary>
    public string? User { get; }

    /// <summary>The socket id Soketi gave the connection.</summary>
    public string SocketId { get; }

    /// <summary>Starts a driver and waits until pusher-js is connected.</summary>
    /// <param name="fixture">The suite's servers.</param>
    /// <param name="user">Sent as <c>X-Test-User</c> on auth requests; null for none.</param>
    /// <param name="displayName">Sent as <c>X-Test-Name</c>; null for the user id.</param>
    /// <returns>The connected driver.</returns>
    public static async Task<PusherDriver> ConnectAsync(EndToEndFixture fixture, string? user = null, string? displayName = null)
    {
        var headers = new Dictionary<string, string>();
        if (user is not null) headers[HeaderAuthenticationHandler.UserHeader] = user;
        if (displayName is not null) headers[HeaderAuthenticationHandler.NameHeader] = displayName;
        var config = new Dictionary<string, object>
        {
            ["key"] = SoketiProcess.AppKey,
            ["wsHost"] = "127.0.0.1",
            ["wsPort"] = fixture.Soketi.Port,
            ["channelAuthorization"] = new { endpoint = new Uri(fixture.AppAddress, EndToEndFixture.ChannelAuthPath).ToString(), transport = "ajax" },
            ["userAuthentication"] = new { endpoint = new Uri(fixture.AppAddress, EndToEndFixture.UserAuthPath).ToString(), transport = "ajax" },
            ["authHeaders"] = headers,
        };
        var process = JsonLinesProcess.Start(fixture.NodeProject, "driver.mjs", JsonSerializer.Serialize(config), $"driver({user ?? "anonymous"})");
        try
        {
            var connected = await process.WaitForAsync(line => line.Is("connected"), "connected");
            return new PusherDriver(process, user, connected.Text("socket_id")!);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Subscribes and waits for pusher-js's <c>subscribed</c> line; fails on <c>subscription_error</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The <c>subscribed</c> line (presence channels carry <c>members</c>).</returns>
    public async Task<JsonElement> SubscribeAsync(string channel)
    {
        var outcome = await TrySubscribeAsync(channel);
        if (!outcome.Is("subscribed")) throw new InvalidOperationException($"{Process.Name} could not subscribe to {channel}: {outcome}\n{Process.StandardError}");
        return outcome;
    }

    /// <summary>Subscribes and returns pusher-js's outcome: a <c>subscribed</c> or a <c>subscription_error</c> line.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The line.</returns>
    public async Task<JsonElement> TrySubscribeAsync(string channel)
    {
        var from = Process.Lines.Count;
        await Process.SendAsync("subscribe", new { channel });
        return await Process.WaitForAsync(
            line => (line.Is("subscribed") || line.Is("subscription_error")) && line.Has("channel", channel),
            $"subscribed or subscription_error on {channel}",
            from);
    }

    /// <summary>Waits for an event pusher-js delivered on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="from">Ignore lines before this index.</param>
    /// <returns>The <c>event</c> line (<c>data</c> is what pusher-js handed to the app).</returns>
    public Task<JsonElement> WaitForEventAsync(string channel, string eventName, int from = 0) =>
        Process.WaitForAsync(line => line.Is("event") && line.Has("channel", channel) && line.Has("event", eventName), $"event {eventName} on {channel}", from);

    /// <summary>Every event line received on a channel so far.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The lines, in order.</returns>
    public IReadOnlyList<JsonElement> EventsOn(string channel) =>
        Process.Lines.Snapshot().Where(line => line.Is("event") && line.Has("channel", channel)).ToList();

    /// <summary>Sends a client event (<c>channel.trigger</c>) and checks pusher-js accepted it.</summary>
    /// <param name="channel">A subscribed private or presence channel.</param>
    /// <param name="eventName">A <c>client-</c> event name.</param>
    /// <param name="data">The data.</param>
    /// <returns>A task that completes when pusher-js sent it.</returns>
    public async Task TriggerClientEventAsync(string channel, string eventName, object data)
    {
        var reply = await Process.SendAsync("trigger", new { channel, @event = eventName, data });
        if (!reply.GetProperty("ok").GetBoolean()) throw new InvalidOperationException($"pusher-js did not send {eventName} on {channel}: {reply}");
    }

    /// <summary>pusher-js's view of a presence channel: <c>me</c>, <c>members</c>, <c>count</c>.</summary>
    /// <param name="channel">A subscribed presence channel.</param>
    /// <returns>The reply.</returns>
    public async Task<JsonElement> MembersAsync(string channel)
    {
        var reply = await Process.SendAsync("members", new { channel });
        if (!reply.GetProperty("ok").GetBoolean()) throw new InvalidOperationException($"members of {channel}: {reply}");
        return reply;
    }

    /// <summary>Calls <c>pusher.signin()</c> and waits for <c>signin_success</c> and the server-to-user subscription.</summary>
    /// <returns>The <c>signin_success</c> line.</returns>
    public async Task<JsonElement> SignInAsync()
    {
        var from = Process.Lines.Count;
        await Process.SendAsync("signin");
        var success = await Process.WaitForAsync(line => line.Is("signin_success") || line.Is("signin_error"), "signin_success", from);
        if (!success.Is("signin_success")) throw new InvalidOperationException($"{Process.Name} could not sign in: {success}\n{Process.StandardError}");
        await Process.WaitForAsync(line => line.Is("user_subscribed"), "user_subscribed", from);
        return success;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
