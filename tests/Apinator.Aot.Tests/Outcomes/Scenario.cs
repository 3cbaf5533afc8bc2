namespace Apinator.Aot.Tests.Outcomes;

/// <summary>
/// An outcome that needs the app started with its own settings (the protocol, a stand-in service's
/// address, the publish queue's mode), under each of <paramref name="JsonModes"/> (the app's JSON
/// settings it applies to). <paramref name="Run"/> starts the app through the launcher it is given.
/// </summary>
public sealed record Scenario(string Name, IReadOnlyList<string> JsonModes, Func<AppLauncher, string, Task> Run)
{
    /// <summary>Every JSON setting of the app.</summary>
    public static readonly IReadOnlyList<string> AnyJson = ["readme", "replace", "none"];

    /// <summary>The JSON settings that give Apinator the app's context (the README's and the replacing one).</summary>
    public static readonly IReadOnlyList<string> AppContext = ["readme", "replace"];

    /// <summary>The README's JSON settings only, for what no JSON setting can change.</summary>
    public static readonly IReadOnlyList<string> ReadmeOnly = ["readme"];

    /// <summary>Every scenario, by name (the tests' data).</summary>
    public static IReadOnlyList<Scenario> All { get; } = [.. SkubberOutcomes.All, .. QueueOutcomes.All, .. RedisOutcomes.All];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var scenario in All) names.Add(scenario.Name);
        return names;
    }

    public static Scenario Named(string name) => All.Single(s => s.Name == name);

    public override string ToString() => Name;
}
