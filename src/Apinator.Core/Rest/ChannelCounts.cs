namespace Apinator.Rest;

/// <summary>The counts the service reported for one channel.</summary>
/// <param name="UserCount">Distinct users on a presence channel, when asked for and known.</param>
/// <param name="SubscriptionCount">Subscribed connections, when asked for and known.</param>
public sealed record ChannelCounts(int? UserCount, int? SubscriptionCount);
