using Apinator.Channels;
using Apinator.Validation;

namespace Apinator.AspNetCore.Channels;

/// <summary>
/// One channel rule: a pattern and what decides access. Add rules with <c>AuthorizeChannel</c> /
/// <c>AuthorizePresenceChannel</c> on the builder, or to <see cref="ApinatorAuthorizationOptions.ChannelRules"/>.
/// A private rule answers with a member-less grant; a presence rule with the member built from the
/// server-side user.
/// </summary>
public sealed class ChannelRule
{
    private readonly ChannelPattern _pattern;
    private readonly Func<ChannelAuthorizationContext, ValueTask<PresenceMember?>>? _presence;
    private readonly Func<ChannelAuthorizationContext, ValueTask<bool>>? _private;

    private ChannelRule(string pattern, string prefix, bool requireAuthenticatedUser,
        Func<ChannelAuthorizationContext, ValueTask<bool>>? privateRule, Func<ChannelAuthorizationContext, ValueTask<PresenceMember?>>? presenceRule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (!pattern.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Channel pattern '{pattern}' must start with '{prefix}'.", nameof(pattern));
        }

        _pattern = new ChannelPattern(pattern);
        _private = privateRule;
        _presence = presenceRule;
        RequireAuthenticatedUser = requireAuthenticatedUser;
    }

    /// <summary>The channel-name pattern, e.g. <c>private-user-{id}</c>.</summary>
    public string Pattern => _pattern.Pattern;

    /// <summary>Whether the rule is for presence channels (and so returns a member).</summary>
    public bool IsPresence => _presence is not null;

    /// <summary>When true, an anonymous request gets 401 without the rule running.</summary>
    public bool RequireAuthenticatedUser { get; }

    /// <summary>A rule for <c>private-</c> channels matching <paramref name="pattern"/>.</summary>
    /// <param name="pattern">A <c>private-</c> channel name with optional <c>{placeholders}</c>.</param>
    /// <param name="authorize">Whether this request may subscribe.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed or does not start with <c>private-</c>.</exception>
    public static ChannelRule ForPrivateChannel(string pattern, Func<ChannelAuthorizationContext, ValueTask<bool>> authorize, bool requireAuthenticatedUser = true)
    {
        ArgumentNullException.ThrowIfNull(authorize);
        return new ChannelRule(pattern, ProtocolRules.PrivatePrefix, requireAuthenticatedUser, authorize, null);
    }

    /// <summary>A rule for <c>presence-</c> channels matching <paramref name="pattern"/>.</summary>
    /// <param name="pattern">A <c>presence-</c> channel name with optional <c>{placeholders}</c>.</param>
    /// <param name="authorize">The member to sign, built from the server-side user, or null to refuse.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed or does not start with <c>presence-</c>.</exception>
    public static ChannelRule ForPresenceChannel(string pattern, Func<ChannelAuthorizationContext, ValueTask<PresenceMember?>> authorize, bool requireAuthenticatedUser = true)
    {
        ArgumentNullException.ThrowIfNull(authorize);
        return new ChannelRule(pattern, ProtocolRules.PresencePrefix, requireAuthenticatedUser, null, authorize);
    }

    /// <summary>Whether the rule's pattern matches; <paramref name="values"/> gets the placeholders' values.</summary>
    internal bool TryMatch(string channelName, out IReadOnlyDictionary<string, string> values) => _pattern.TryMatch(channelName, out values);

    /// <summary>Runs the rule: allowed, and for presence the member to sign.</summary>
    internal async ValueTask<(bool Allowed, PresenceMember? Member)> DecideAsync(ChannelAuthorizationContext context)
    {
        if (_presence is not null) return await _presence(context).ConfigureAwait(false) is { } member ? (true, member) : (false, null);
        return (await _private!(context).ConfigureAwait(false), null);
    }
}
