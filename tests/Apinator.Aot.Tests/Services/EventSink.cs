using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Apinator.Aot.Tests.Services;

/// <summary>
/// The realtime service (Apinator's REST API, PROTOCOL.md §1) for the app's publishing: records every
/// trigger and batch call with its events, in the order they arrived, and whether its signature is the
/// one PROTOCOL.md prescribes (computed here, not by the library). Answers 200 <c>{}</c>; while
/// <see cref="Hold"/> is on, each call waits for <see cref="Release"/> first.
/// </summary>
internal sealed class EventSink : IAsyncDisposable
{
    /// <summary>A bound for a signal that should come at once; reaching it fails the test.</summary>
    private static readonly TimeSpan SignalBound = TimeSpan.FromSeconds(30);

    private readonly List<SinkCall> _calls = [];
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private LoopbackService _service = null!;
    private TaskCompletionSource? _gate;

    private EventSink()
    {
    }

    public Uri Address => _service.Address;

    public IReadOnlyList<SinkCall> Calls
    {
        get
        {
            lock (_calls) return [.. _calls];
        }
    }

    /// <summary>The events of every call, in the order the calls arrived.</summary>
    public IReadOnlyList<SinkEvent> Events => [.. Calls.SelectMany(c => c.Events)];

    public static async Task<EventSink> StartAsync()
    {
        var sink = new EventSink();
        sink._service = await LoopbackService.StartAsync(sink.HandleAsync);
        return sink;
    }

    /// <summary>From now on, calls are held (once recorded) until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held calls, and the later ones at once.</summary>
    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>Completes once <paramref name="count"/> calls have arrived (held or answered).</summary>
    public Task CallsAsync(int count) => WhenAsync(() => _calls.Count >= count, $"{count} calls");

    /// <summary>Completes once <paramref name="count"/> events have arrived.</summary>
    public Task EventsAsync(int count) => WhenAsync(() => _calls.Sum(c => c.Events.Count) >= count, $"{count} events");

    private async Task WhenAsync(Func<bool> done, string what)
    {
        Task signal;
        lock (_calls)
        {
            if (done()) return;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((done, waiter));
            signal = waiter.Task;
        }

        try
        {
            await signal.WaitAsync(SignalBound);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The service did not receive {what}; it received:\n{string.Join('\n', Calls)}");
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var path = context.Request.Path.Value!;
        var call = new SinkCall(context.Request.Method, path, IsSigned(context.Request, path, body), Encoding.UTF8.GetString(body), Parse(body));
        lock (_calls)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        if (_gate is { } gate) await gate.Task.WaitAsync(context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{}");
    }

    /// <summary>hex HMAC-SHA256(secret, <c>{timestamp}\n{METHOD}\n{path}\n{hex MD5 of the body}</c>) under the app's key.</summary>
    private static bool IsSigned(HttpRequest request, string path, byte[] body)
    {
        var timestamp = request.Headers["X-Realtime-Timestamp"].ToString();
#pragma warning disable CA5351 // The protocol's body digest is MD5.
        var md5 = body.Length == 0 ? "" : Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351
        var expected = Signatures.Hex(AppUnderTest.Secret, $"{timestamp}\n{request.Method}\n{path}\n{md5}");
        return request.Headers["X-Realtime-Key"] == AppUnderTest.Key
            && long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && request.Headers["X-Realtime-Signature"] == expected;
    }

    /// <summary>A batch call's events, or a trigger's one event (its <c>channel</c> or first of <c>channels</c>).</summary>
    private static List<SinkEvent> Parse(byte[] body)
    {
        if (body.Length == 0) return [];
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var events = root.TryGetProperty("batch", out var batch) ? [.. batch.EnumerateArray()] : new[] { root };
        return [.. events.Select(e => new SinkEvent(
            e.TryGetProperty("channel", out var channel) ? channel.GetString()! : e.GetProperty("channels")[0].GetString()!,
            e.GetProperty("name").GetString()!,
            e.GetProperty("data").GetString()!,
            e.TryGetProperty("socket_id", out var socket) ? socket.GetString() : null))];
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _service.DisposeAsync();
    }
}

/// <summary>One call the <see cref="EventSink"/> received.</summary>
internal sealed record SinkCall(string Method, string Path, bool Signed, string Body, List<SinkEvent> Events)
{
    public override string ToString() => $"{Method} {Path} (signed: {Signed}) {Body}";
}

/// <summary>One event of a trigger or batch call, as the service reads it.</summary>
internal sealed record SinkEvent(string Channel, string Name, string Data, string? SocketId);
