using Xunit;
using Xunit.Abstractions;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The sample in Apinator mode (Protocol Apinator, credentials configured) against the stand-in,
/// which speaks Apinator's browser dialect and checks every REST signature and channel auth.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApinatorDialectBrowserTests(ITestOutputHelper output)
{
    private static readonly string Screenshots = Path.Combine(SampleProcess.RepositoryRoot(), "artifacts", "screenshots-apinator");

    private static Dictionary<string, string> ApinatorSettings(StandinProcess standin, string key = StandinProcess.Key, string? webSocketUrl = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Apinator__AppId"] = StandinProcess.AppId,
            ["Apinator__Key"] = key,
            ["Apinator__Secret"] = StandinProcess.Secret,
            ["Apinator__Protocol"] = "Apinator",
            ["Apinator__BaseAddress"] = standin.BaseAddress.ToString(),
        };
        if (webSocketUrl is not null) settings["Apinator__Client__WebSocketUrl"] = webSocketUrl;
        return settings;
    }

    [Fact]
    public async Task Two_people_chat_over_the_apinator_dialect()
    {
        await NodeScript.EnsureChromiumAsync();
        await using var standin = await StandinProcess.StartAsync(TimeSpan.FromSeconds(30));
        // The socket override points at the stand-in explicitly, as a self-hosted setup would.
        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(1), ApinatorSettings(standin, webSocketUrl: $"ws://127.0.0.1:{standin.Port}"));
        Assert.Null(sample.SoketiProcessId);

        var (exitCode, lines, _, stderr) = await NodeScript.RunNodeAsync(["sample-chat.mjs", sample.BaseAddress.ToString(), Screenshots, "apinator"], TimeSpan.FromMinutes(3));
        foreach (var line in lines) output.WriteLine(line.GetRawText());
        if (stderr.Length > 0) output.WriteLine(stderr);
        output.WriteLine(standin.Output);

        var steps = NodeScript.Steps(lines);
        NodeScript.AssertSteps(steps,
        [
            "signin-alice", "signin-bob", "presence-alice", "presence-bob", "typing-seen-by-bob",
            "message-seen-by-alice", "message-seen-by-bob", "notice-seen-by-bob", "bob-left-alice-list", "wire", "done",
        ], () => $"sample log:\n{sample.Output}\nstand-in log:\n{standin.Output}");
        Assert.Equal(0, exitCode);

        Assert.Equal(["alice", "bob"], NodeScript.Texts(steps["presence-bob"]).Order());
        Assert.Contains("alice is typing", steps["typing-seen-by-bob"].GetProperty("observed").GetString(), StringComparison.Ordinal);
        Assert.Equal(["alice"], NodeScript.Texts(steps["bob-left-alice-list"]));

        // On the wire: Apinator's socket URL, realtime: frames only, and no user sign-in request.
        var wire = steps["wire"].GetProperty("observed");
        Assert.Equal("apinator", wire.GetProperty("dialect").GetString());
        Assert.Equal(0, wire.GetProperty("userAuthRequests").GetInt32());
        Assert.All(wire.GetProperty("sockets").EnumerateArray(), url =>
            Assert.Matches($@"^ws://127\.0\.0\.1:{standin.Port}/app/{StandinProcess.Key}\?protocol=7&client=js&version=[0-9.]+$", url.GetString()!));
        var sent = wire.GetProperty("sentEvents").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("realtime:subscribe", sent);
        Assert.Contains("client-typing", sent);
        Assert.DoesNotContain(sent, e => e!.StartsWith("pusher:", StringComparison.Ordinal));

        // The stand-in's side: signed triggers verified, channel auth accepted, client events relayed, nothing off-dialect.
        Assert.Empty(standin.OfType("violation"));
        var rest = standin.OfType("rest").ToList();
        Assert.NotEmpty(rest);
        Assert.All(rest, r => Assert.True(r.GetProperty("verified").GetBoolean(), r.GetRawText()));
        var triggers = standin.OfType("trigger").Select(t => t.GetProperty("event").GetString()).ToList();
        Assert.Contains("message", triggers);
        Assert.Contains("notice", triggers);
        var presence = standin.OfType("subscribed").Where(s => s.GetProperty("channel").GetString() == "presence-chat")
            .Select(s => s.GetProperty("user_id").GetString()).ToList();
        Assert.Contains("alice", presence);
        Assert.Contains("bob", presence);
        Assert.Contains(standin.OfType("client_event"), e => e.GetProperty("event").GetString() == "client-typing");
        Assert.Empty(standin.OfType("subscription_error"));
        Assert.Contains(standin.OfType("member_removed"), e => e.GetProperty("user_id").GetString() == "bob");
    }

    [Fact]
    public async Task A_refused_connection_shows_the_servers_reason()
    {
        await NodeScript.EnsureChromiumAsync();
        await using var standin = await StandinProcess.StartAsync(TimeSpan.FromSeconds(30));
        // A key the service does not know: it answers realtime:error 4001, which is fatal.
        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(1), ApinatorSettings(standin, key: "unknown-key"));

        var shown = await ShowsErrorAsync(sample, "failed", "refused.png");

        Assert.Equal("failed", shown.GetProperty("pill").GetString());
        var banner = shown.GetProperty("banner").GetString()!;
        Assert.Contains("The realtime connection failed", banner, StringComparison.Ordinal);
        Assert.Contains("unknown-key does not exist (code 4001)", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_socket_shows_that_it_is_retrying()
    {
        await NodeScript.EnsureChromiumAsync();
        await using var standin = await StandinProcess.StartAsync(TimeSpan.FromSeconds(30));
        var nobody = SampleProcess.FreePort();
        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(1), ApinatorSettings(standin, webSocketUrl: $"ws://127.0.0.1:{nobody}"));

        var shown = await ShowsErrorAsync(sample, "unavailable", "unreachable.png");

        Assert.Equal("unavailable", shown.GetProperty("pill").GetString());
        Assert.Equal("The realtime server cannot be reached; retrying…", shown.GetProperty("banner").GetString());
        Assert.Empty(standin.OfType("connection"));
    }

    private async Task<System.Text.Json.JsonElement> ShowsErrorAsync(SampleProcess sample, string state, string screenshot)
    {
        var (exitCode, lines, _, stderr) = await NodeScript.RunNodeAsync(
            ["sample-connection-error.mjs", sample.BaseAddress.ToString(), state, Path.Combine(Screenshots, screenshot)], TimeSpan.FromMinutes(2));
        foreach (var line in lines) output.WriteLine(line.GetRawText());
        if (stderr.Length > 0) output.WriteLine(stderr);

        var steps = NodeScript.Steps(lines);
        NodeScript.AssertSteps(steps, ["signin-alice", "error-shown", "done"], () => $"sample log:\n{sample.Output}");
        Assert.Equal(0, exitCode);
        return steps["error-shown"].GetProperty("observed");
    }
}
