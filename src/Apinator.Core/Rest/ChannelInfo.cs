namespace Apinator.Rest;

/// <summary>Extra attributes to ask the service for about channels.</summary>
[Flags]
public enum ChannelInfo
{
    /// <summary>No extra attributes.</summary>
    None = 0,

    /// <summary><c>user_count</c>: distinct users on a presence channel.</summary>
    UserCount = 1,

    /// <summary><c>subscription_count</c>: connections subscribed to the channel.</summary>
    SubscriptionCount = 2,
}
