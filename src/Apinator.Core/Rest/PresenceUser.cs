namespace Apinator.Rest;

/// <summary>A user on a presence channel.</summary>
/// <param name="Id">The user's id.</param>
public sealed record PresenceUser(string Id);
