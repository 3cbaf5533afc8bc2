using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Apinator.Tests.Http;

/// <summary>
/// HTTP/2 against a real Kestrel on a loopback port: what arrives is told by the server (the request's
/// protocol, Kestrel's connection id, a connection middleware's count), not by the client's settings.
/// </summary>
public class Http2Tests
{
    private const int Concurrent = 8;

    [Fact]
    public async Task Http2Only_sends_cleartext_HTTP2_and_concurrent_triggers_share_one_connection()
    {
        // The server answers none until all have arrived: the calls are in flight together, which over
        // HTTP/1.1 takes one connection each.
        await using var server = await Server.StartAsync(HttpProtocols.Http2, tls: false, holdUntil: Concurrent);
        using var client = new ApinatorClient(Options(server, ApinatorHttpVersion.Http2Only));

        await AssertConcurrentTriggersShareOneHttp2ConnectionAsync(server, client);
    }

    [Fact]
    public async Task By_default_calls_are_HTTP11_even_where_the_server_speaks_HTTP2()
    {
        await using var server = await Server.StartAsync(HttpProtocols.Http1AndHttp2, tls: true, holdUntil: 1);
        using var client = new ApinatorClient(TrustingClient(server), Options(server, version: null));

        await client.TriggerAsync("orders", "created", "{}");

        Assert.Equal("HTTP/1.1", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task Http2_is_negotiated_over_TLS_and_concurrent_triggers_share_one_connection()
    {
        await using var server = await Server.StartAsync(HttpProtocols.Http1AndHttp2, tls: true, holdUntil: Concurrent);
        using var client = new ApinatorClient(TrustingClient(server), Options(server, ApinatorHttpVersion.Http2));

        await AssertConcurrentTriggersShareOneHttp2ConnectionAsync(server, client);
    }

    [Fact]
    public async Task Http2_falls_back_to_HTTP11_where_TLS_does_not_offer_it()
    {
        await using var server = await Server.StartAsync(HttpProtocols.Http1, tls: true, holdUntil: 1);
        using var client = new ApinatorClient(TrustingClient(server), Options(server, ApinatorHttpVersion.Http2));

        await client.TriggerAsync("orders", "created", "{}");

        Assert.Equal("HTTP/1.1", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task Http2Only_fails_with_a_network_exception_where_the_server_speaks_only_HTTP11()
    {
        await using var server = await Server.StartAsync(HttpProtocols.Http1, tls: true, holdUntil: 1);
        using var client = new ApinatorClient(TrustingClient(server), Options(server, ApinatorHttpVersion.Http2Only));

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => client.TriggerAsync("orders", "created", "{}"));

        Assert.Contains("could not reach", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    private static async Task AssertConcurrentTriggersShareOneHttp2ConnectionAsync(Server server, ApinatorClient client)
    {
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => client.TriggerAsync("orders", "created", $"{{\"n\":{i}}}")));

        Assert.Equal(Concurrent, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Single(server.Requests.Select(r => r.ConnectionId).Distinct());
        Assert.Equal(1, server.Connections);
    }

    private static ApinatorOptions Options(Server server, ApinatorHttpVersion? version)
    {
        var options = new ApinatorOptions { AppId = "app-1", Key = "app-key", Secret = "app-secret", Protocol = ApinatorProtocol.Pusher, BaseAddress = server.Address };
        if (version is { } chosen) options.HttpVersion = chosen;
        return options;
    }

    /// <summary>The library's own handler, trusting exactly the test server's certificate.</summary>
    private static HttpClient TrustingClient(Server server)
    {
        var handler = ApinatorClient.CreatePrimaryHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == server.Certificate!.GetCertHashString();
        return new HttpClient(handler);
    }

    private sealed record Arrival(string Protocol, string ConnectionId);

    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Arrival> _requests = new();
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _connections;

        private Server(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public X509Certificate2? Certificate { get; private init; }

        public IReadOnlyList<Arrival> Requests => [.. _requests];

        public int Connections => Volatile.Read(ref _connections);

        public static async Task<Server> StartAsync(HttpProtocols protocols, bool tls, int holdUntil)
        {
            var certificate = tls ? SelfSigned() : null;
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.Logging.ClearProviders();
            Server? server = null;
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                // Counted before TLS and HTTP: every TCP connection the client opened.
                listen.Use(next => connection =>
                {
                    Interlocked.Increment(ref server!._connections);
                    return next(connection);
                });
                if (certificate is not null) listen.UseHttps(certificate);
            }));
            var app = builder.Build();
            server = new Server(app) { Certificate = certificate };
            app.Run(async context =>
            {
                server._requests.Enqueue(new Arrival(context.Request.Protocol, context.Connection.Id));
                if (server._requests.Count >= holdUntil) server._allArrived.TrySetResult();
                await server._allArrived.Task.WaitAsync(context.RequestAborted);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}", context.RequestAborted);
            });
            await app.StartAsync();
            var port = new Uri(app.Urls.Single()).Port;
            server.Address = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
            Certificate?.Dispose();
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // Kestrel wants a certificate whose key it can use for the handshake on every platform.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }
    }
}
