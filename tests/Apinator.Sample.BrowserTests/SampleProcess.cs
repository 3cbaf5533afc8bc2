using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The MinimalApi sample run as its own process, exactly as the README's run command does: with no
/// Apinator credentials (it starts its embedded local realtime server), or with the given settings.
/// </summary>
public sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id of the Soketi the sample started, read from its log.</summary>
    public int? SoketiProcessId { get; private set; }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Apinator.AspNetCore.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Could not find the repository root (Apinator.AspNetCore.sln) above the test binaries.");
    }

    /// <param name="timeout">How long to wait for the sample's ready line.</param>
    /// <param name="settings">
    /// Configuration as environment variables (e.g. <c>Apinator__Key</c>); none means no credentials.
    /// Any <c>Apinator__</c> variable of the test's own environment is removed either way.
    /// </param>
    public static async Task<SampleProcess> StartAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = RepositoryRoot();
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var projectDir = Path.Combine(root, "samples", "MinimalApi");
        var dll = Path.Combine(projectDir, "bin", configuration!, "net10.0", "MinimalApi.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"The sample is not built: {dll} is missing.");

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseAddress.ToString().TrimEnd('/'), "--contentRoot", projectDir])
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only the settings given: without credentials the sample must fall back to its embedded local server.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Apinator__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        start.Environment["Logging__LogLevel__Default"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample.");
        var sample = new SampleProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => sample.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => sample.Collect(e.Data);
        process.Exited += (_, _) => sample._ready.TrySetException(new InvalidOperationException($"The sample exited with code {process.ExitCode}:\n{sample.Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await sample._ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await sample.DisposeAsync();
            throw new TimeoutException($"The sample did not print its ready line within {timeout.TotalSeconds:0} s:\n{sample.Output}");
        }

        return sample;
    }

    /// <summary>Stops the sample the way Ctrl+C or a service manager does (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // Never leave a server behind, even when the test failed half-way.
        if (SoketiProcessId is { } pid && IsRunning(pid))
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }

        _process.Dispose();
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (SoketiPid().Match(line) is { Success: true } match) SoketiProcessId = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (line.Contains("Apinator sample ready", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Soketi, pid (\d+)")]
    private static partial Regex SoketiPid();
}
