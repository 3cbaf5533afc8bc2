namespace Apinator.AspNetCore.Channels;

/// <summary>
/// One registered rule: a pattern and what decides access. A private rule answers with a member-less
/// grant; a presence rule with the member built from the server-side user.
/// </summary>
internal sealed class ChannelRule(ChannelPattern pattern, bool isPresence, bool requireAuthenticatedUser, Func<ChannelAuthorizationContext, ValueTask<ChannelGrant>> decide)
{
    public ChannelPattern Pattern { get; } = pattern;

    public bool IsPresence { get; } = isPresence;

    public bool RequireAuthenticatedUser { get; } = requireAuthenticatedUser;

    public Func<ChannelAuthorizationContext, ValueTask<ChannelGrant>> Decide { get; } = decide;
}

/// <summary>A rule's answer.</summary>
internal readonly record struct ChannelGrant(bool Allowed, Apinator.Channels.PresenceMember? Member)
{
    public static ChannelGrant Denied => default;
}
