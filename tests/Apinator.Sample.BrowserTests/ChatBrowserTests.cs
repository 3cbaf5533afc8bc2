using System.Diagnostics;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The sample as a newcomer sees it: started with no credentials (so it runs its own local realtime
/// server), driven in Debian's Chromium by two people at once.
/// </summary>
public sealed class ChatBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_people_chat_see_each_other_type_and_leave()
    {
        var root = SampleProcess.RepositoryRoot();
        var nodeProject = Path.Combine(root, "tests", "node");
        await EnsureChromiumAsync(nodeProject);

        var screenshots = Path.Combine(root, "artifacts", "screenshots");
        if (Directory.Exists(screenshots)) Directory.Delete(screenshots, recursive: true);

        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(3));
        Assert.NotNull(sample.SoketiProcessId);
        Assert.True(SampleProcess.IsRunning(sample.SoketiProcessId!.Value), "the sample's local realtime server is running");

        var (exitCode, lines, stderr) = await RunNodeAsync(nodeProject, ["sample-chat.mjs", sample.BaseAddress.ToString(), screenshots], TimeSpan.FromMinutes(3));
        foreach (var line in lines) output.WriteLine(line.GetRawText());
        if (stderr.Length > 0) output.WriteLine(stderr);

        var steps = lines.ToDictionary(l => l.GetProperty("step").GetString()!, l => l);
        string[] expected =
        [
            "signin-alice", "signin-bob", "presence-alice", "presence-bob", "typing-seen-by-bob",
            "message-seen-by-alice", "message-seen-by-bob", "notice-seen-by-bob", "bob-left-alice-list",
            "activity-shows-member-events", "done",
        ];
        foreach (var step in expected)
        {
            Assert.True(steps.ContainsKey(step), $"step '{step}' was not reached; sample log:\n{sample.Output}");
            Assert.True(steps[step].GetProperty("ok").GetBoolean(), $"step '{step}' failed, observed: {steps[step].GetProperty("observed").GetRawText()}");
        }

        Assert.Equal(["alice", "bob"], Texts(steps["presence-bob"]).Order());
        Assert.Contains("alice is typing", steps["typing-seen-by-bob"].GetProperty("observed").GetString(), StringComparison.Ordinal);
        Assert.Equal(["alice"], Texts(steps["bob-left-alice-list"]));
        var activity = Texts(steps["activity-shows-member-events"]);
        Assert.Contains(activity, a => a.StartsWith("member_added presence-chat", StringComparison.Ordinal) && a.EndsWith("bob", StringComparison.Ordinal));
        Assert.Contains(activity, a => a.StartsWith("member_removed presence-chat", StringComparison.Ordinal) && a.EndsWith("bob", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);

        foreach (var file in new[] { "alice-desktop.png", "bob-phone.png", "alice-after-bob-left.png" })
        {
            var path = Path.Combine(screenshots, file);
            Assert.True(File.Exists(path) && new FileInfo(path).Length > 10_000, $"screenshot {path} was saved");
        }

        // Stopping the sample stops the server it started.
        var soketi = sample.SoketiProcessId!.Value;
        await sample.StopAsync();
        Assert.False(SampleProcess.IsRunning(soketi), "the local realtime server stopped with the sample");
    }

    private static string[] Texts(JsonElement step) =>
        [.. step.GetProperty("observed").EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Installs Debian's Chromium when it is missing and this machine allows it; otherwise fails with the reason.</summary>
    private static async Task EnsureChromiumAsync(string nodeProject)
    {
        if (File.Exists("/usr/bin/chromium")) return;
        var (code, _, stderr) = await RunAsync("bash", [Path.Combine(nodeProject, "install-chromium.sh")], nodeProject, TimeSpan.FromMinutes(10));
        Assert.True(code == 0 && File.Exists("/usr/bin/chromium"), $"Chromium is required for the browser test and could not be installed:\n{stderr}");
    }

    private static async Task<(int ExitCode, List<JsonElement> Lines, string Stderr)> RunNodeAsync(string directory, string[] args, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await RunAsync("node", args, directory, timeout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (code, lines, stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string[] args, string directory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' could not be started ({e.Message}); the browser test needs Node.js 20+ on PATH.", e);
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
