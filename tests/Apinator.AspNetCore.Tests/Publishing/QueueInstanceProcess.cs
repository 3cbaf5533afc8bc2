using System.Diagnostics;
using System.Globalization;
using Apinator.Packaging.Tests;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// tests/queue-instance run as its own OS process (<c>dotnet QueueInstance.dll</c>, built beside these
/// tests by the project reference): an app instance whose publish queue is on Redis. Events are fed
/// one a line on its stdin; it reports each accepted one on stdout. <see cref="Kill"/> is SIGKILL:
/// no graceful stop, nothing let go. Disposing kills it too, so no test leaves it behind.
/// </summary>
internal sealed class QueueInstanceProcess : IDisposable
{
    /// <summary>A bound for what should come within seconds; reaching it fails the test.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(Func<QueueInstanceProcess, bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private readonly List<(string Channel, string Data)> _accepted = [];

    private QueueInstanceProcess(Process process) => _process = process;

    /// <summary>The events it reported accepted (in Redis), in the order it accepted them.</summary>
    public IReadOnlyList<(string Channel, string Data)> Accepted
    {
        get
        {
            lock (_output) return [.. _accepted];
        }
    }

    /// <summary>Lines it wrote to stdout that report an event given up.</summary>
    public IReadOnlyList<string> GivenUp
    {
        get
        {
            lock (_output) return [.. _output.Where(l => l.StartsWith("givenup ", StringComparison.Ordinal))];
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the instance and waits until its queue's sender runs.</summary>
    public static async Task<QueueInstanceProcess> StartAsync(Uri service, string redis, string queue, int lanes, TimeSpan lease, ApinatorProtocol protocol)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "QueueInstance.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: tests/queue-instance is built by the test project's reference to it.");
        var start = DotnetCommand.StartInfo(AppContext.BaseDirectory, [
            "exec", dll,
            $"--Apinator:AppId=app-id", "--Apinator:Key=app-key", "--Apinator:Secret=app-secret",
            $"--Apinator:Protocol={protocol}", $"--Apinator:BaseAddress={service}",
            $"--Redis={redis}", $"--Queue={queue}",
            string.Create(CultureInfo.InvariantCulture, $"--Lanes={lanes}"),
            string.Create(CultureInfo.InvariantCulture, $"--LeaseMs={(int)lease.TotalMilliseconds}"),
        ]);
        start.RedirectStandardInput = true;
        var process = new Process { StartInfo = start };
        var instance = new QueueInstanceProcess(process);
        process.OutputDataReceived += (_, e) => instance.Received(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => instance.Received(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await instance.UntilAsync(p => p._output.Contains("ready"), "report it was ready");
        }
        catch
        {
            instance.Dispose();
            throw;
        }

        return instance;
    }

    /// <summary>Writes events to its stdin, one a line.</summary>
    public async Task SendAsync(IEnumerable<(string Channel, string Data)> events)
    {
        foreach (var (channel, data) in events) await _process.StandardInput.WriteLineAsync($"{channel} {data}");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until it has reported <paramref name="count"/> events accepted.</summary>
    public Task AcceptedAsync(int count) => UntilAsync(p => p._accepted.Count >= count, $"report {count} events accepted");

    /// <summary>SIGKILL, then waits until it is gone and its output is read to the end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var guard = new CancellationTokenSource(Bound);
        await _process.WaitForExitAsync(guard.Token);
    }

    /// <summary>Kills it if it still runs: this test's own child, by its process id.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }

        _process.Dispose();
    }

    private async Task UntilAsync(Func<QueueInstanceProcess, bool> done, string what)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (done(this)) return;
            _waiters.Add((done, signal));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(signal.Task, exited, Task.Delay(Bound));
        if (first == signal.Task) return;
        lock (_output)
        {
            var why = first == exited ? $"exited with code {_process.ExitCode}" : $"did not within {Bound.TotalSeconds:0} s";
            Assert.Fail($"The queue instance was to {what} but {why}; its output:\n{string.Join('\n', _output)}");
        }
    }

    private void Received(string? line, bool stdout)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(stdout ? line : "stderr: " + line);
            if (stdout && line.StartsWith("accepted ", StringComparison.Ordinal) && line.Split(' ', 3) is [_, var channel, var data]) _accepted.Add((channel, data));
            foreach (var waiter in _waiters.Where(w => w.Done(this)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }
}
