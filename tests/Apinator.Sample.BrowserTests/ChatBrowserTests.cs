using Xunit;
using Xunit.Abstractions;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The sample as a newcomer sees it: started with no credentials (so it runs its own local realtime
/// server), driven in Debian's Chromium by two people at once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_people_chat_see_each_other_type_and_leave()
    {
        await NodeScript.EnsureChromiumAsync();
        var screenshots = Path.Combine(SampleProcess.RepositoryRoot(), "artifacts", "screenshots");
        if (Directory.Exists(screenshots)) Directory.Delete(screenshots, recursive: true);

        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(3));
        Assert.NotNull(sample.SoketiProcessId);
        Assert.True(SampleProcess.IsRunning(sample.SoketiProcessId!.Value), "the sample's local realtime server is running");

        var (exitCode, lines, _, stderr) = await NodeScript.RunNodeAsync(["sample-chat.mjs", sample.BaseAddress.ToString(), screenshots, "pusher"], TimeSpan.FromMinutes(3));
        foreach (var line in lines) output.WriteLine(line.GetRawText());
        if (stderr.Length > 0) output.WriteLine(stderr);

        var steps = NodeScript.Steps(lines);
        NodeScript.AssertSteps(steps,
        [
            "signin-alice", "signin-bob", "presence-alice", "presence-bob", "typing-seen-by-bob",
            "message-seen-by-alice", "message-seen-by-bob", "notice-seen-by-bob", "bob-left-alice-list",
            "activity-shows-member-events", "wire", "done",
        ], () => $"sample log:\n{sample.Output}");

        Assert.Equal(["alice", "bob"], NodeScript.Texts(steps["presence-bob"]).Order());
        Assert.Contains("alice is typing", steps["typing-seen-by-bob"].GetProperty("observed").GetString(), StringComparison.Ordinal);
        Assert.Equal(["alice"], NodeScript.Texts(steps["bob-left-alice-list"]));
        var activity = NodeScript.Texts(steps["activity-shows-member-events"]);
        Assert.Contains(activity, a => a.StartsWith("member_added presence-chat", StringComparison.Ordinal) && a.EndsWith("bob", StringComparison.Ordinal));
        Assert.Contains(activity, a => a.StartsWith("member_removed presence-chat", StringComparison.Ordinal) && a.EndsWith("bob", StringComparison.Ordinal));
        Assert.Equal("pusher", steps["wire"].GetProperty("observed").GetProperty("dialect").GetString());
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
}
