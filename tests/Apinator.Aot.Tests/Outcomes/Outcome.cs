namespace Apinator.Aot.Tests.Outcomes;

/// <summary>One answer an endpoint gives, checked against a running app.</summary>
public sealed record Outcome(string Name, Func<AppUnderTest, Task> Check)
{
    /// <summary>Every outcome of every endpoint, by name (the tests' data).</summary>
    public static IReadOnlyList<Outcome> All { get; } = [.. ChannelAuthOutcomes.All, .. UserAuthOutcomes.All, .. WebhookOutcomes.All];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var outcome in All) names.Add(outcome.Name);
        return names;
    }

    public static Outcome Named(string name) => All.Single(o => o.Name == name);

    public override string ToString() => Name;
}
