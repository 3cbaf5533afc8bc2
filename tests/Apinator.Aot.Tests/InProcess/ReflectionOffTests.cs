using System.Text.Json;
using Apinator.Aot.Tests.Outcomes;

namespace Apinator.Aot.Tests.InProcess;

/// <summary>
/// Every endpoint outcome and scenario (the Skubber token endpoint, the publish queue) in this
/// process, where reflection-based JSON is off as in a Native AOT app, under each of the app's JSON
/// settings: the README's, an app whose context replaces every resolver of the HTTP JSON options, and
/// an app that set none.
/// </summary>
public sealed class ReflectionOffTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var mode in new[] { "readme", "replace", "none" })
        {
            foreach (var outcome in Outcome.All) cases.Add(mode, outcome.Name);
        }

        return cases;
    }

    public static TheoryData<string, string> ScenarioCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var scenario in Scenario.All)
        {
            foreach (var mode in scenario.JsonModes) cases.Add(mode, scenario.Name);
        }

        return cases;
    }

    [Fact]
    public void Reflection_based_json_is_off_in_this_process()
    {
        // Otherwise these tests would prove nothing about Native AOT.
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_outcome_is_answered_with_reflection_off(string jsonMode, string outcome)
    {
        await using var app = await InProcessApp.StartAsync(jsonMode);
        await Outcome.Named(outcome).Check(app);
    }

    [Theory]
    [MemberData(nameof(ScenarioCases))]
    public Task Every_scenario_runs_with_reflection_off(string jsonMode, string scenario) =>
        Scenario.Named(scenario).Run(async settings => await InProcessApp.StartAsync(settings), jsonMode);
}
