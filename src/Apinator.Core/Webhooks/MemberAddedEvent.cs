namespace Apinator.Webhooks;

/// <summary>A user joined a presence channel.</summary>
/// <param name="Channel">The presence channel.</param>
/// <param name="UserId">The member's id.</param>
public sealed record MemberAddedEvent(string Channel, string UserId) : WebhookEvent("member_added", Channel)
{
    /// <summary>The member's <c>user_info</c> as raw JSON (an object) when the service sent it (Apinator does; Pusher does not).</summary>
    public string? UserInfoJson { get; init; }
}
