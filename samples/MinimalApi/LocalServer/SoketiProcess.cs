using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MinimalApi.LocalServer;

/// <summary>
/// A Soketi (Pusher-compatible) server from the project's own npm install, on a fresh loopback port.
/// Used by the sample when no Apinator credentials are configured, and by the end-to-end tests.
/// </summary>
public sealed class SoketiProcess : IDisposable
{
    public const string AppId = "app-id";
    public const string AppKey = "app-key";
    public const string AppSecret = "app-secret";

    private readonly Process _process;
    private readonly List<string> _output = [];

    private SoketiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port Soketi listens on (REST and WebSocket).</summary>
    public int Port { get; }

    /// <summary>The REST base address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The process id, for killing it by its own id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What Soketi printed so far (for diagnosing failures).</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>Finds the npm project (a folder holding package.json with @soketi/soketi), walking up from <paramref name="start"/>.</summary>
    public static string FindNodeProject(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "node");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }

        throw new InvalidOperationException($"Could not find tests/node/package.json above '{start}'. Run from a clone of the repository.");
    }

    /// <summary>Runs <c>npm ci</c> when <c>node_modules</c> is missing. Fails with a clear message when Node.js or npm is missing.</summary>
    public static async Task EnsureInstalledAsync(string nodeProject, Action<string>? log, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(nodeProject, "node_modules", "@soketi", "soketi", "bin", "server.js"))) return;
        RequireTool("node");
        log?.Invoke($"Installing the local realtime server and pusher-js (npm ci in {nodeProject}); this happens once.");
        var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], nodeProject, cancellationToken).ConfigureAwait(false);
        if (code != 0) throw new InvalidOperationException($"npm ci failed in {nodeProject} (exit {code}):\n{output}");
    }

    /// <summary>Starts Soketi on a fresh free loopback port and waits until it answers <c>/ready</c>.</summary>
    /// <param name="nodeProject">The npm project folder.</param>
    /// <param name="webhookUrl">Where Soketi sends webhooks, or null for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="port">The port, or 0 for a fresh free one.</param>
    public static async Task<SoketiProcess> StartAsync(string nodeProject, string? webhookUrl, CancellationToken cancellationToken, int port = 0)
    {
        RequireTool("node");
        if (port == 0) port = FreePort();
        var start = new ProcessStartInfo("node", [Path.Combine("node_modules", "@soketi", "soketi", "bin", "server.js"), "start"])
        {
            WorkingDirectory = nodeProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["SOKETI_HOST"] = "127.0.0.1";
        env["SOKETI_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["SOKETI_METRICS_ENABLED"] = "false";
        // Soketi still starts its usage server; keep it on loopback and off the default port so
        // several servers (tests, the sample) can run side by side.
        env["SOKETI_METRICS_HOST"] = "127.0.0.1";
        env["SOKETI_METRICS_SERVER_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // With user authentication on, Soketi drops sockets not signed in within 30 s by default.
        env["SOKETI_USER_AUTHENTICATION_TIMEOUT"] = "600000";
        env["SOKETI_DEFAULT_APP_ID"] = AppId;
        env["SOKETI_DEFAULT_APP_KEY"] = AppKey;
        env["SOKETI_DEFAULT_APP_SECRET"] = AppSecret;
        env["SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES"] = "true";
        env["SOKETI_DEFAULT_APP_USER_AUTHENTICATION"] = "true";
        env["SOKETI_WEBHOOKS_BATCHING"] = "false";
        if (webhookUrl is not null)
        {
            env["SOKETI_DEFAULT_APP_WEBHOOKS"] = JsonSerializer.Serialize(new[]
            {
                new Dictionary<string, object>
                {
                    ["url"] = webhookUrl,
                    ["event_types"] = new[] { "channel_occupied", "channel_vacated", "member_added", "member_removed", "client_event" },
                },
            });
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var soketi = new SoketiProcess(process, port);
        process.OutputDataReceived += (_, e) => soketi.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => soketi.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await soketi.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            soketi.Dispose();
            throw;
        }

        return soketi;
    }

    /// <summary>Kills Soketi by its own process id (it does not exit promptly on SIGTERM).</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Soketi exited with code {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/ready"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // That attempt timed out.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"Soketi did not answer /ready on port {Port} within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 500) _output.RemoveAt(0);
        }
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RequireTool(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, tool))) return;
        }

        throw new InvalidOperationException($"'{tool}' was not found on PATH. The local realtime server needs Node.js 20+ (https://nodejs.org or your package manager: apt-get install nodejs npm).");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
