using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Apinator.Sample.BrowserTests;

/// <summary>Runs the Node side of the browser tests (tests/node) and reads its JSON-lines reports.</summary>
public static class NodeScript
{
    public static string NodeProject => Path.Combine(SampleProcess.RepositoryRoot(), "tests", "node");

    /// <summary>Installs Debian's Chromium when it is missing and this machine allows it; otherwise fails with the reason.</summary>
    public static async Task EnsureChromiumAsync()
    {
        if (File.Exists("/usr/bin/chromium")) return;
        var (code, _, stderr) = await RunAsync("bash", [Path.Combine(NodeProject, "install-chromium.sh")], TimeSpan.FromMinutes(10));
        Assert.True(code == 0 && File.Exists("/usr/bin/chromium"), $"Chromium is required for the browser test and could not be installed:\n{stderr}");
    }

    /// <summary>Runs <c>node</c> in tests/node; stdout lines that start with '{' are parsed as JSON.</summary>
    public static async Task<(int ExitCode, List<JsonElement> Lines, string Stdout, string Stderr)> RunNodeAsync(string[] args, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await RunAsync("node", args, timeout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (code, lines, stdout, stderr);
    }

    /// <summary>The report lines of a browser script, keyed by step.</summary>
    public static Dictionary<string, JsonElement> Steps(IEnumerable<JsonElement> lines) =>
        lines.ToDictionary(l => l.GetProperty("step").GetString()!, l => l);

    /// <summary>Asserts that every expected step was reached and passed.</summary>
    public static void AssertSteps(Dictionary<string, JsonElement> steps, IEnumerable<string> expected, Func<string> diagnostics)
    {
        foreach (var step in expected)
        {
            Assert.True(steps.ContainsKey(step), $"step '{step}' was not reached; {diagnostics()}");
            Assert.True(steps[step].GetProperty("ok").GetBoolean(), $"step '{step}' failed, observed: {steps[step].GetProperty("observed").GetRawText()}");
        }
    }

    public static string[] Texts(JsonElement step) =>
        [.. step.GetProperty("observed").EnumerateArray().Select(e => e.GetString()!)];

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = NodeProject, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' could not be started ({e.Message}); the browser tests need Node.js 20+ on PATH.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalMinutes:0} min.");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
