using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.QueueBench;

/// <summary>
/// The trigger bench's loopback stand-in for the service (Kestrel on 127.0.0.1 answering <c>{}</c>),
/// taking batch calls too; it can stall every call, and can time events whose data is the
/// <see cref="Stopwatch"/> timestamp they were enqueued at.
/// </summary>
internal sealed class BatchSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<double> _latenciesMs = [];
    private volatile TaskCompletionSource? _stall;

    private BatchSink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>When set, the sink reads each event's data as an enqueue timestamp and records its latency.</summary>
    public bool Timing { get; set; }

    public static async Task<BatchSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        BatchSink? sink = null;
        app.MapPost("/apps/{id}/events", async () =>
        {
            if (sink!._stall is { } stall) await stall.Task;
            return Results.Text("{}", "application/json");
        });
        app.MapPost("/apps/{id}/batch_events", async (HttpRequest request) =>
        {
            if (sink!._stall is { } stall) await stall.Task;
            if (sink.Timing) await sink.RecordAsync(request);
            return Results.Text("{}", "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        sink = new BatchSink(app, new Uri(address));
        return sink;
    }

    public void Stall() => _stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => Interlocked.Exchange(ref _stall, null)?.SetResult();

    public List<double> TakeLatencies()
    {
        lock (_latenciesMs)
        {
            List<double> taken = [.. _latenciesMs];
            _latenciesMs.Clear();
            return taken;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RecordAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var now = Stopwatch.GetTimestamp();
        lock (_latenciesMs)
        {
            foreach (var e in body.RootElement.GetProperty("batch").EnumerateArray())
            {
                var sent = long.Parse(e.GetProperty("data").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                _latenciesMs.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
            }
        }
    }
}
