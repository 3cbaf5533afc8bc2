namespace Apinator.Rest;

/// <summary>One occupied channel in a channel list.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="SubscriptionCount">Subscribed connections, when reported.</param>
/// <param name="UserCount">Distinct users of a presence channel, when reported.</param>
public sealed record ChannelSummary(string Name, int? SubscriptionCount, int? UserCount);
