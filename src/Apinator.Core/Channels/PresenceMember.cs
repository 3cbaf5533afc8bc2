namespace Apinator.Channels;

/// <summary>
/// Who joins a presence channel. Build it from the server-side user, never from what the browser
/// sent: it becomes <c>{"user_id","user_info"}</c> and every other member sees it.
/// </summary>
/// <param name="UserId">The member's id; must not be empty.</param>
/// <param name="UserInfo">Anything the other members may see (serialized with System.Text.Json), or null.</param>
public sealed record PresenceMember(string UserId, object? UserInfo = null);
