namespace Apinator.Webhooks;

/// <summary>A user left a presence channel.</summary>
/// <param name="Channel">The presence channel.</param>
/// <param name="UserId">The member's id.</param>
public sealed record MemberRemovedEvent(string Channel, string UserId) : WebhookEvent("member_removed", Channel)
{
    /// <summary>The member's <c>user_info</c> as raw JSON (an object) when the service sent it.</summary>
    public string? UserInfoJson { get; init; }
}
