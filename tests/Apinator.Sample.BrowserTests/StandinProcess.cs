using System.Diagnostics;
using System.Text.Json;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// tests/node/apinator-standin.mjs as its own process: a strict stand-in for Apinator's realtime
/// service (signed REST, channel auth, the realtime: browser dialect) on a free loopback port. It
/// prints one JSON line per REST call, subscription, client event and protocol violation.
/// </summary>
public sealed class StandinProcess : IAsyncDisposable
{
    public const string AppId = "4711";
    public const string Key = "standin-key";
    public const string Secret = "standin-secret";

    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandinProcess(Process process) => _process = process;

    public int Port { get; private set; }

    public int ProcessId => _process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Everything the stand-in reported so far.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public IEnumerable<JsonElement> OfType(string type) => Lines.Where(l => l.GetProperty("type").GetString() == type);

    public string Output
    {
        get
        {
            lock (_lines) lock (_stderr) return string.Join('\n', _lines.Select(l => l.GetRawText()).Concat(_stderr));
        }
    }

    public static async Task<StandinProcess> StartAsync(TimeSpan timeout)
    {
        var config = JsonSerializer.Serialize(new { appId = AppId, key = Key, secret = Secret, port = 0 });
        var start = new ProcessStartInfo("node", ["apinator-standin.mjs", config])
        {
            WorkingDirectory = NodeScript.NodeProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started ({e.Message}); the browser tests need Node.js 20+ on PATH.", e);
        }

        var standin = new StandinProcess(process);
        process.OutputDataReceived += (_, e) => standin.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (standin._stderr) standin._stderr.Add(e.Data); };
        process.Exited += (_, _) => standin._ready.TrySetException(new InvalidOperationException($"The stand-in exited with code {process.ExitCode}:\n{standin.Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            standin.Port = await standin._ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await standin.DisposeAsync();
            throw new TimeoutException($"The stand-in did not print its ready line within {timeout.TotalSeconds:0} s:\n{standin.Output}");
        }

        return standin;
    }

    /// <summary>Stops the stand-in by its own process id.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null || !line.StartsWith('{')) return;
        var entry = JsonDocument.Parse(line).RootElement.Clone();
        lock (_lines) _lines.Add(entry);
        if (entry.GetProperty("type").GetString() == "ready") _ready.TrySetResult(entry.GetProperty("port").GetInt32());
    }
}
