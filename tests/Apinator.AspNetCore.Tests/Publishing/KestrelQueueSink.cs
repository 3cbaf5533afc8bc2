using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// A <see cref="QueueSink"/> behind a real Kestrel server on a loopback port, so apps in other
/// processes can publish to it and an outage is a real one: <see cref="StopAsync"/> closes the port
/// (connections are refused), <see cref="RestartAsync"/> opens the same port again. While
/// <see cref="Holding"/> is set, calls are held, alternately before the sink records them (not
/// published) and after (published, but the caller never learns it), until released or their caller
/// goes away.
/// </summary>
internal sealed class KestrelQueueSink : IAsyncDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly SemaphoreSlim _held = new(0);
    private WebApplication? _app;
    private TaskCompletionSource? _hold;
    private int _heldCount;

    private KestrelQueueSink() => _invoker = new HttpMessageInvoker(Sink, disposeHandler: false);

    public QueueSink Sink { get; } = new();

    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public bool Holding => _hold is not null;

    public static async Task<KestrelQueueSink> StartAsync()
    {
        var sink = new KestrelQueueSink();
        await sink.ListenAsync(0);
        return sink;
    }

    /// <summary>From now on, holds every call (see the class summary).</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held calls go on, and later calls through.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>Waits until a call is being held (a guard time only fails a broken test sooner).</summary>
    public async Task HeldCallAsync()
    {
        if (!await _held.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("No call was held by the sink within 30 s.");
    }

    /// <summary>Stops the server: the port is closed, so a call to it is refused.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Starts the server again on the same port.</summary>
    public Task RestartAsync() => _app is null ? ListenAsync(Port) : throw new InvalidOperationException("The sink is running.");

    /// <summary>True when a TCP connection to the sink's port is refused.</summary>
    public async Task<bool> RefusesConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await StopAsync();
        _invoker.Dispose();
        Sink.Dispose();
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(ForwardAsync);
        await app.StartAsync();
        Port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, aborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.GetEncodedUrl()) { Content = new ByteArrayContent(body.ToArray()) };

        var hold = _hold;
        var holdAfterRecording = hold is not null && Interlocked.Increment(ref _heldCount) % 2 == 0;
        if (hold is not null && !holdAfterRecording) await HoldAsync(hold, aborted);

        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, aborted);
        }
        catch (HttpRequestException)
        {
            context.Abort();
            return;
        }

        using (response)
        {
            if (holdAfterRecording) await HoldAsync(hold!, aborted);
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Headers.RetryAfter is { } retryAfter) context.Response.Headers.RetryAfter = retryAfter.ToString();
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, aborted);
        }
    }

    private async Task HoldAsync(TaskCompletionSource hold, CancellationToken aborted)
    {
        _held.Release();
        await hold.Task.WaitAsync(aborted);
    }
}
