using Apinator.Channels;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MinimalApi.LocalServer;

namespace Apinator.EndToEnd.Hosting;

/// <summary>
/// Started once for the whole suite: a real Kestrel app on a loopback port using the library
/// (AddApinator with the Pusher protocol, the channel/user auth endpoints and the webhook endpoint),
/// and a real Soketi server whose webhooks point at that app. Node.js missing is a failure, never a skip.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>A fixed 32-byte master key (bytes 0..31) for <c>private-encrypted-</c> channels, shared with the Node SDK.</summary>
    public const string MasterKeyBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /// <summary>The channel authorization route.</summary>
    public const string ChannelAuthPath = "/realtime/auth";

    /// <summary>The user sign-in route.</summary>
    public const string UserAuthPath = "/realtime/user-auth";

    /// <summary>The webhook route.</summary>
    public const string WebhookPath = "/webhooks/apinator";

    private WebApplication? _app;
    private SoketiProcess? _soketi;

    /// <summary>tests/node, where the Node scripts and their node_modules live.</summary>
    public string NodeProject { get; private set; } = "";

    /// <summary>The running Soketi.</summary>
    public SoketiProcess Soketi => _soketi ?? throw new InvalidOperationException("The fixture is not started.");

    /// <summary>The test app's address, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri AppAddress { get; private set; } = new("http://127.0.0.1");

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The fixture is not started.");

    /// <summary>The app's <see cref="IApinator"/>, as AddApinator registered it.</summary>
    public IApinator Apinator => Services.GetRequiredService<IApinator>();

    /// <summary>What reached the webhook endpoint.</summary>
    public WebhookSink Webhooks => Services.GetRequiredService<WebhookSink>();

    /// <summary>A client for the test app.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A name no other test uses, e.g. <c>private-e2e-3f2a…</c>.</summary>
    /// <param name="prefix">The channel prefix.</param>
    /// <returns>The name.</returns>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            NodeProject = SoketiProcess.FindNodeProject(AppContext.BaseDirectory);
            await SoketiProcess.EnsureInstalledAsync(NodeProject, log: null, timeout.Token);

            // The app's options need Soketi's address and Soketi's webhook URL needs the app's port:
            // reserve Soketi's port first, start the app, then Soketi.
            var soketiPort = SoketiProcess.FreePort();
            _app = BuildApp(new Uri($"http://127.0.0.1:{soketiPort}"));
            await _app.StartAsync(timeout.Token);
            var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            AppAddress = new Uri(address);
            Http.BaseAddress = AppAddress;

            _soketi = await SoketiProcess.StartAsync(NodeProject, new Uri(AppAddress, WebhookPath).ToString(), timeout.Token, port: soketiPort);
        }
        catch
        {
            // Node.js missing lands here too: every test then fails with SoketiProcess's message.
            await DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _soketi?.Dispose();
        _soketi = null;
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Http.Dispose();
    }

    private static WebApplication BuildApp(Uri soketiAddress)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EndToEndFixture).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<WebhookSink>();
        builder.Services.AddScoped<RecordingWebhookHandler>();

        builder.Services.AddApinator(o =>
            {
                o.AppId = SoketiProcess.AppId;
                o.Key = SoketiProcess.AppKey;
                o.Secret = SoketiProcess.AppSecret;
                o.BaseAddress = soketiAddress;
                o.Protocol = ApinatorProtocol.Pusher;
                o.EncryptionMasterKeyBase64 = MasterKeyBase64;
            })
            .AuthorizeChannel("private-forbidden-{id}", _ => false)
            .AuthorizeChannel("private-encrypted-{name}", _ => true)
            .AuthorizeChannel("private-{name}", _ => true)
            .AuthorizePresenceChannel("presence-{name}", context => new PresenceMember(context.UserId!, new { name = context.User.Identity!.Name }));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(CaptureWebhookDeliveries);
        app.MapApinatorChannelAuth(ChannelAuthPath);
        app.MapApinatorUserAuth(UserAuthPath);
        app.MapApinatorWebhooks<RecordingWebhookHandler>(WebhookPath);
        return app;
    }

    /// <summary>Keeps each webhook POST's raw headers and body (and the answer's status) for the tests.</summary>
    private static async Task CaptureWebhookDeliveries(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != WebhookPath)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Request.Body.Position = 0;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        await next(context);
        context.RequestServices.GetRequiredService<WebhookSink>().Deliveries.Add(new CapturedDelivery(headers, body.ToArray(), context.Response.StatusCode));
    }
}
