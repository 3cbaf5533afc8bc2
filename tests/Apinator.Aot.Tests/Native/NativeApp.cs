using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Apinator.Aot.Tests.Native;

/// <summary>
/// The Native AOT binary of tests/aot/AotApp, published once (see <see cref="NativePublish"/>),
/// started on a free loopback port with the README's JSON settings (as a fixture) or with a test's own
/// settings (<see cref="StartAsync"/>), and killed by its process id at the end. Its console log is
/// read line by line.
/// </summary>
public sealed partial class NativeApp : AppUnderTest, IAsyncLifetime, IDisposable
{
    /// <summary>A bound for a signal that should come at once; reaching it fails the test.</summary>
    private static readonly TimeSpan SignalBound = TimeSpan.FromSeconds(30);

    private readonly List<string> _lines = [];
    private readonly List<(string[] Parts, TaskCompletionSource<string> Found)> _waiters = [];
    private Process? _process;
    private HttpClient? _client;
    private string _jsonMode = "readme";

    public override string JsonMode => _jsonMode;

    public override HttpClient Client => _client ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The published binary.</summary>
    public string Binary { get; private set; } = "";

    /// <summary>How long publishing took in this run (zero when the binary of these sources was already there).</summary>
    public TimeSpan PublishTime { get; private set; }

    public async Task InitializeAsync()
    {
        (Binary, PublishTime) = await NativePublish.EnsureAsync();
        await StartProcessAsync(Settings(JsonMode));
    }

    /// <summary>Another process of the fixture's <paramref name="binary"/>, with <paramref name="settings"/>.</summary>
    public static async Task<AppUnderTest> StartAsync(string binary, IReadOnlyDictionary<string, string?> settings)
    {
        var app = new NativeApp { Binary = binary, _jsonMode = settings["AotApp:Json"]! };
        try
        {
            await app.StartProcessAsync(settings);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    private async Task StartProcessAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Binary)!,
        };
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add("--Logging:Console:FormatterOptions:SingleLine=true");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");

        var listening = LogContainingAsync("Now listening on: http://127.0.0.1:");
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var address = ListeningOn().Match(await listening).Groups["address"].Value;
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public override async Task<string> LogContainingAsync(params string[] parts)
    {
        Task<string> found;
        lock (_lines)
        {
            var line = _lines.FirstOrDefault(l => Matches(l, parts));
            if (line is not null) return line;
            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((parts, waiter));
            found = waiter.Task;
        }

        try
        {
            return await found.WaitAsync(SignalBound);
        }
        catch (TimeoutException)
        {
            lock (_lines) Assert.Fail($"The app logged no line containing {string.Join(" and ", parts)}; its output:\n{string.Join('\n', _lines)}");
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime stops an app, to this process's own child, by its id.</summary>
    public override async Task<Task> BeginStopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The app has not started.");
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
        kill.ArgumentList.Add("-s");
        kill.ArgumentList.Add("TERM");
        kill.ArgumentList.Add(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var signal = Process.Start(kill)!) await signal.WaitForExitAsync();
        await LogContainingAsync("Application is shutting down");
        return ExitedAsync(process);
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops the app: this process's own child, by its id.</summary>
    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Completes when the process has exited on its own; a failing exit code fails the test.</summary>
    private async Task ExitedAsync(Process process)
    {
        await process.WaitForExitAsync().WaitAsync(SignalBound);
        lock (_lines) Assert.True(process.ExitCode == 0, $"The app exited with {process.ExitCode}; its output:\n{string.Join('\n', _lines)}");
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => Matches(line, w.Parts)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }

    private static bool Matches(string line, string[] parts) => parts.All(p => line.Contains(p, StringComparison.Ordinal));

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
