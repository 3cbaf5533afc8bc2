using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.TriggerBench;

/// <summary>
/// A local stand-in for the service: Kestrel on 127.0.0.1 answering <c>{}</c> to every trigger, on one
/// port over HTTP/1.1 and on another over HTTP/2 cleartext (h2c, prior knowledge).
/// </summary>
internal sealed class Sink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Sink(WebApplication app, Uri address, Uri http2Address)
    {
        _app = app;
        Address = address;
        Http2Address = http2Address;
    }

    /// <summary>The HTTP/1.1 port.</summary>
    public Uri Address { get; }

    /// <summary>The HTTP/2-only port (cleartext: clients need prior knowledge).</summary>
    public Uri Http2Address { get; }

    public static async Task<Sink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            // Kestrel counts a stream until its request has been cleaned up, after the client saw it
            // end: with the default 100 a busy client's new streams are refused (ENHANCE_YOUR_CALM).
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.MapPost("/apps/{id}/events", () => Results.Text("{}", "application/json"));
        await app.StartAsync();
        // In the order the listeners were added.
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToArray();
        return new Sink(app, new Uri(addresses[0]), new Uri(addresses[1]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
