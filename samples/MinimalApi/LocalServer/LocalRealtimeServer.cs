namespace MinimalApi.LocalServer;

/// <summary>
/// The sample's embedded default: with no Apinator credentials configured it starts the project's
/// own Soketi on loopback, points the app at it (Pusher protocol, webhooks to the app's own
/// /webhooks/apinator) and stops it when the app stops.
/// </summary>
public sealed class LocalRealtimeServer
{
    private readonly string _nodeProject;
    private SoketiProcess? _soketi;

    private LocalRealtimeServer(string nodeProject, int port)
    {
        _nodeProject = nodeProject;
        Port = port;
    }

    /// <summary>The app key browsers connect with.</summary>
    public string Key => SoketiProcess.AppKey;

    /// <summary>The port chosen for Soketi (REST and WebSocket).</summary>
    public int Port { get; }

    /// <summary>
    /// When <c>Apinator:Key</c> or <c>Apinator:Secret</c> is missing, configures the app for a local
    /// server and returns it (started by <see cref="Start"/> once the app listens); otherwise null.
    /// </summary>
    public static LocalRealtimeServer? UseWhenNoCredentials(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Apinator");
        if (!string.IsNullOrEmpty(section["Key"]) && !string.IsNullOrEmpty(section["Secret"])) return null;

        var nodeProject = builder.Configuration["LocalServer:NodeProject"] ?? SoketiProcess.FindNodeProject(builder.Environment.ContentRootPath);
        var server = new LocalRealtimeServer(nodeProject, SoketiProcess.FreePort());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = SoketiProcess.AppId,
            ["Apinator:Key"] = SoketiProcess.AppKey,
            ["Apinator:Secret"] = SoketiProcess.AppSecret,
            ["Apinator:BaseAddress"] = $"http://127.0.0.1:{server.Port}",
            ["Apinator:Protocol"] = "Pusher",
        });
        return server;
    }

    /// <summary>Starts Soketi with webhooks pointed at the running app, and stops it with the app.</summary>
    public void Start(WebApplication app)
    {
        var listening = StartupBanner.Listening(app) ?? throw new InvalidOperationException("The local realtime server needs the app to listen on a real address.");
        // Soketi runs on this machine: reach the app over loopback whatever host it was bound to.
        var loopback = new UriBuilder(listening) { Host = "127.0.0.1" }.Uri;
        var webhookUrl = new Uri(loopback, "/webhooks/apinator").ToString();

        var logger = app.Services.GetRequiredService<ILogger<LocalRealtimeServer>>();
        try
        {
            SoketiProcess.EnsureInstalledAsync(_nodeProject, message => logger.LogInformation("{Message}", message), app.Lifetime.ApplicationStopping).GetAwaiter().GetResult();
            _soketi = SoketiProcess.StartAsync(_nodeProject, webhookUrl, app.Lifetime.ApplicationStopping, Port).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            logger.LogCritical("The local realtime server could not start: {Reason}\nConfigure Apinator credentials (Apinator__AppId, Apinator__Key, Apinator__Secret, Apinator__Cluster) to use the Apinator cloud instead.", e.Message);
            app.Lifetime.StopApplication();
            return;
        }

        app.Lifetime.ApplicationStopping.Register(Stop);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        logger.LogInformation("Local realtime server (Soketi, pid {Pid}) on 127.0.0.1:{Port}; webhooks to {WebhookUrl}.", _soketi.ProcessId, Port, webhookUrl);
        StartupBanner.Print(app, "Ctrl+C stops it and the local realtime server");
    }

    /// <summary>Stops Soketi.</summary>
    public void Stop()
    {
        Interlocked.Exchange(ref _soketi, null)?.Dispose();
    }
}
