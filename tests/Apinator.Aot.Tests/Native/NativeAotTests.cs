using Apinator.Aot.Tests.Outcomes;
using Xunit.Abstractions;

namespace Apinator.Aot.Tests.Native;

/// <summary>
/// Every endpoint outcome, answered by a real Native AOT publish of tests/aot/AotApp, and every
/// scenario (the Skubber token endpoint, the publish queue), each in its own process of that binary.
/// </summary>
public sealed class NativeAotTests(NativeApp app, ITestOutputHelper output) : IClassFixture<NativeApp>
{
    [Fact]
    public async Task The_app_runs_as_a_native_binary()
    {
        output.WriteLine($"Native AOT publish: {(app.PublishTime == TimeSpan.Zero ? "reused the binary of these sources" : $"{app.PublishTime.TotalSeconds:0} s")}; binary {new FileInfo(app.Binary).Length / 1024 / 1024} MiB.");

        // An ELF executable with no AotApp.dll beside it: an apphost (a managed app's launcher)
        // could not start without it, so the app answering the other tests is native code.
        var magic = new byte[4];
        await using (var file = File.OpenRead(app.Binary)) await file.ReadExactlyAsync(magic);
        Assert.Equal("\u007FELF"u8.ToArray(), magic);
        Assert.False(File.Exists(Path.ChangeExtension(app.Binary, ".dll")), "A managed AotApp.dll sits beside the binary.");
        Assert.Equal("0", await app.Client.GetStringAsync("/test/handled/nothing"));
    }

    [Theory]
    [MemberData(nameof(Outcome.Names), MemberType = typeof(Outcome))]
    public Task Every_outcome_is_answered_by_the_native_binary(string outcome) => Outcome.Named(outcome).Check(app);

    [Theory]
    [MemberData(nameof(Scenario.Names), MemberType = typeof(Scenario))]
    public Task Every_scenario_runs_in_the_native_binary(string scenario) =>
        Scenario.Named(scenario).Run(settings => NativeApp.StartAsync(app.Binary, settings), app.JsonMode);
}
