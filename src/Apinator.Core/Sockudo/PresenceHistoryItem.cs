using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>One join or leave in a presence channel's Sockudo history.</summary>
/// <param name="Serial">Its position in the presence history stream.</param>
/// <param name="PublishedAtMs">When it happened, Unix milliseconds.</param>
/// <param name="Event"><c>member_added</c> or <c>member_removed</c>.</param>
/// <param name="Cause">Why: <c>join</c>, <c>disconnect</c>, <c>timeout</c>, <c>forced_disconnect</c>, <c>orphan_cleanup</c>.</param>
/// <param name="UserId">The member's user id.</param>
/// <param name="ConnectionId">The socket involved, when known.</param>
/// <param name="UserInfo">The member's <c>user_info</c>, when recorded.</param>
public sealed record PresenceHistoryItem(long Serial, long PublishedAtMs, string Event, string Cause, string UserId, string? ConnectionId, JsonElement? UserInfo);
