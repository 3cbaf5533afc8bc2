namespace Apinator.AspNetCore.Channels;

/// <summary>The app's channel rules, in registration order; the first whose pattern matches decides.</summary>
internal sealed class ChannelRuleSet
{
    private readonly List<ChannelRule> _rules = [];

    public IReadOnlyList<ChannelRule> Rules => _rules;

    public void Add(ChannelRule rule) => _rules.Add(rule);

    public ChannelRule? Find(string channelName, out IReadOnlyDictionary<string, string> values)
    {
        foreach (var rule in _rules)
        {
            if (rule.Pattern.TryMatch(channelName, out values)) return rule;
        }

        values = new Dictionary<string, string>();
        return null;
    }
}
