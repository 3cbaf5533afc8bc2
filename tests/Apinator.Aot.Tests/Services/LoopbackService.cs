using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apinator.Aot.Tests.Services;

/// <summary>
/// A service the app under test calls, played by this process on a real Kestrel loopback port (the
/// native binary cannot reach a TestServer). Reflection-based JSON is off here too: answers are
/// written by hand.
/// </summary>
internal sealed class LoopbackService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackService(WebApplication app, Uri address) => (_app, Address) = (app, address);

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public Uri Address { get; }

    public static async Task<LoopbackService> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return new LoopbackService(app, new Uri(app.Urls.Single()));
    }

    /// <summary>A loopback address nothing listens on: connections to it are refused at once, as to a service that is down.</summary>
    public static Uri NobodyListening()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
