namespace Apinator.Rest;

/// <summary>One channel's state.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="Occupied">Whether anyone is subscribed.</param>
/// <param name="UserCount">Distinct users of a presence channel, when asked for.</param>
/// <param name="SubscriptionCount">Subscribed connections, when asked for.</param>
public sealed record ChannelState(string Name, bool Occupied, int? UserCount, int? SubscriptionCount);
