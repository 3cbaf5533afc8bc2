using System.Text.Json;
using Apinator.EndToEnd.Hosting;
using MinimalApi.LocalServer;

namespace Apinator.EndToEnd.Node;

/// <summary>
/// A raw protocol-7 WebSocket client (tests/node/observer.mjs): shows the frames exactly as Soketi
/// sent them, e.g. the ciphertext of an encrypted channel that pusher-js would decrypt.
/// </summary>
public sealed class RawObserver : IAsyncDisposable
{
    private RawObserver(JsonLinesProcess process, string socketId)
    {
        Process = process;
        SocketId = socketId;
    }

    /// <summary>The observer process.</summary>
    public JsonLinesProcess Process { get; }

    /// <summary>The socket id Soketi gave the connection.</summary>
    public string SocketId { get; }

    /// <summary>Connects and waits for <c>pusher:connection_established</c>.</summary>
    /// <param name="fixture">The suite's servers.</param>
    /// <returns>The connected observer.</returns>
    public static async Task<RawObserver> ConnectAsync(EndToEndFixture fixture)
    {
        var config = JsonSerializer.Serialize(new { port = fixture.Soketi.Port, key = SoketiProcess.AppKey });
        var process = JsonLinesProcess.Start(fixture.NodeProject, "observer.mjs", config, "observer");
        try
        {
            var connected = await process.WaitForAsync(line => line.Is("connected"), "connected");
            return new RawObserver(process, connected.Text("socket_id")!);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <c>pusher:subscribe</c> with the given auth and waits for <c>pusher_internal:subscription_succeeded</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="auth">The auth string, or null for public channels.</param>
    /// <returns>A task that completes when subscribed.</returns>
    public async Task SubscribeAsync(string channel, string? auth)
    {
        var from = Process.Lines.Count;
        await Process.SendAsync("subscribe", new { channel, auth });
        var outcome = await WaitForFrameAsync(
            frame => frame.Has("channel", channel) && (frame.Has("event", "pusher_internal:subscription_succeeded") || frame.Has("event", "pusher:subscription_error")),
            $"subscription outcome on {channel}",
            from);
        if (!outcome.Has("event", "pusher_internal:subscription_succeeded")) throw new InvalidOperationException($"observer could not subscribe to {channel}: {outcome}");
    }

    /// <summary>Waits for a frame (parsed) that matches.</summary>
    /// <param name="predicate">Applied to the parsed frame.</param>
    /// <param name="what">A description for the failure message.</param>
    /// <param name="from">Ignore lines before this index.</param>
    /// <returns>The parsed frame.</returns>
    public async Task<JsonElement> WaitForFrameAsync(Func<JsonElement, bool> predicate, string what, int from = 0)
    {
        var line = await Process.WaitForAsync(line => line.Is("frame") && Parse(line) is { } frame && predicate(frame), what, from);
        return Parse(line)!.Value;
    }

    /// <summary>Waits for an event frame on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name.</param>
    /// <returns>The parsed frame; its <c>data</c> is the string Soketi relayed.</returns>
    public Task<JsonElement> WaitForEventAsync(string channel, string eventName) =>
        WaitForFrameAsync(frame => frame.Has("channel", channel) && frame.Has("event", eventName), $"frame {eventName} on {channel}");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static JsonElement? Parse(JsonElement line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.Text("raw") ?? "");
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
