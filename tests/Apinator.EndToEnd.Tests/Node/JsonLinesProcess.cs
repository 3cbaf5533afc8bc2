using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apinator.EndToEnd.Observing;

namespace Apinator.EndToEnd.Node;

/// <summary>
/// A Node script from tests/node that speaks JSON lines: commands with an <c>id</c> on stdin, events
/// and <c>{"type":"reply","id"}</c> answers on stdout (driver.mjs, observer.mjs). Killed on dispose.
/// </summary>
public sealed class JsonLinesProcess : IAsyncDisposable
{
    /// <summary>How long any single wait may take before the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly JsonSerializerOptions CommandJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private readonly SemaphoreSlim _stdin = new(1, 1);
    private readonly Task _reader;
    private int _nextId;

    private JsonLinesProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        Lines = new AsyncLog<JsonElement>(name);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                if (_stderr.Count > 200) _stderr.Dequeue();
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadStdoutAsync);
    }

    /// <summary>The name used in failure messages.</summary>
    public string Name { get; }

    /// <summary>Every stdout line, parsed.</summary>
    public AsyncLog<JsonElement> Lines { get; }

    /// <summary>The last lines the script wrote to stderr (pusher-js diagnostics, auth requests).</summary>
    public string StandardError
    {
        get { lock (_stderr) return string.Join('\n', _stderr); }
    }

    /// <summary>Starts <c>node {script} {argument}</c> in the npm project folder.</summary>
    /// <param name="nodeProject">tests/node.</param>
    /// <param name="script">The script's file name.</param>
    /// <param name="argument">Its single argument (a JSON config).</param>
    /// <param name="name">A name for failure messages.</param>
    /// <returns>The running process.</returns>
    public static JsonLinesProcess Start(string nodeProject, string script, string argument, string name)
    {
        var info = new ProcessStartInfo("node", [script, argument])
        {
            WorkingDirectory = nodeProject,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start node {script}.");
        return new JsonLinesProcess(process, name);
    }

    /// <summary>Waits for a stdout line.</summary>
    /// <param name="predicate">What to wait for.</param>
    /// <param name="what">A description for the failure message.</param>
    /// <param name="from">Ignore lines before this index (see <see cref="AsyncLog{T}.Count"/>).</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    /// <returns>The line.</returns>
    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, string what, int from = 0, TimeSpan? timeout = null) =>
        Lines.WaitForAsync(predicate, what, timeout ?? DefaultTimeout, from, () => $"stderr of {Name}:\n{StandardError}");

    /// <summary>Sends a command and returns its reply (whatever its <c>ok</c>).</summary>
    /// <param name="command">The command name.</param>
    /// <param name="arguments">Its arguments (an object whose properties become the command's members), or null.</param>
    /// <returns>The reply line.</returns>
    public async Task<JsonElement> SendAsync(string command, object? arguments = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = arguments is null ? [] : JsonSerializer.SerializeToNode(arguments, CommandJson)!.AsObject();
        message["id"] = id;
        message["cmd"] = command;
        await _stdin.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(message.ToJsonString());
            await _process.StandardInput.FlushAsync();
        }
        finally
        {
            _stdin.Release();
        }

        return await WaitForAsync(line => line.Is("reply") && line.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.Number && replyId.GetInt32() == id, $"reply to {command} #{id}");
    }

    /// <summary>Closes stdin (the scripts exit on that), then kills the process by its own id if it lingers.</summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (IOException)
        {
            // stdin already broken: the process is exiting.
        }

        await _reader;
        _process.Dispose();
        _stdin.Dispose();
    }

    private async Task ReadStdoutAsync()
    {
        var stdout = _process.StandardOutput;
        while (await stdout.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            JsonElement parsed;
            try
            {
                using var document = JsonDocument.Parse(line);
                parsed = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                parsed = JsonSerializer.SerializeToElement(new { type = "non_json_stdout", line });
            }

            Lines.Add(parsed);
        }

        await _process.WaitForExitAsync();
        Lines.End($"the process exited with code {_process.ExitCode}");
    }
}
