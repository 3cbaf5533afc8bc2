using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, answering every request with
/// <c>respond</c> and recording what reached it. Real sockets, so what is proved is what
/// <see cref="System.Net.Http.SocketsHttpHandler"/> does (redirects, decompression, chunking), not a test double's idea of it.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server._requests.Enqueue(new LoopbackRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers) { Body = body });
            await respond(context);
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the <see cref="LoopbackServer"/> received it.</summary>
internal sealed record LoopbackRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The request's body as text; empty when it had none.</summary>
    public string Body { get; init; } = "";
}
