using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

/// <summary>
/// <c>Apinator:HttpVersion</c> from configuration reaches the wire through the registered
/// <c>IHttpClientFactory</c> client: a real Kestrel listening for HTTP/2 only says what arrived.
/// </summary>
public sealed class Http2RegistrationTests
{
    [Fact]
    public async Task HttpVersion_from_configuration_sends_concurrent_calls_as_HTTP2_on_one_connection()
    {
        var arrivals = new ConcurrentQueue<(string Protocol, string Connection)>();
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Concurrent = 6;
        var server = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        server.Logging.ClearProviders();
        server.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        await using var sink = server.Build();
        sink.Run(async context =>
        {
            arrivals.Enqueue((context.Request.Protocol, context.Connection.Id));
            // Answers none until all are in flight together: over HTTP/1.1 that would take six connections.
            if (arrivals.Count >= Concurrent) allArrived.TrySetResult();
            await allArrived.Task.WaitAsync(context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}", context.RequestAborted);
        });
        await sink.StartAsync();

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = "app-id", ["Apinator:Key"] = "app-key", ["Apinator:Secret"] = "app-secret",
            ["Apinator:Protocol"] = "Sockudo", ["Apinator:BaseAddress"] = sink.Urls.Single(), ["Apinator:HttpVersion"] = "Http2Only",
        });
        builder.Services.AddLogging();
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();
        await host.StartAsync();
        var apinator = host.Services.GetRequiredService<IApinator>();

        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => apinator.TriggerAsync("orders", "created", $"{{\"n\":{i}}}")));

        Assert.Equal(Concurrent, arrivals.Count);
        Assert.All(arrivals, a => Assert.Equal("HTTP/2", a.Protocol));
        Assert.Single(arrivals.Select(a => a.Connection).Distinct());
        await host.StopAsync();
    }
}
