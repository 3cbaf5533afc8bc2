using System.Text.Json;

namespace Apinator.Testing;

/// <summary>The app granted a channel: its answer, and whether its signature is right.</summary>
/// <param name="Auth">The <c>auth</c> value, <c>{key}:{signature}</c>.</param>
/// <param name="ChannelData">For presence channels, the member JSON text that was signed.</param>
/// <param name="SharedSecret">For encrypted channels, the channel's key (base64).</param>
public sealed record ChannelAuthGrant(string Auth, string? ChannelData, string? SharedSecret)
{
    /// <summary>
    /// Whether <see cref="Auth"/> is the app key and the HMAC-SHA256 of what the browser asked for (and
    /// <see cref="SharedSecret"/> the channel's key, when the master key is known), computed independently.
    /// </summary>
    public bool SignatureVerified { get; init; }

    /// <summary>The presence member's <c>user_id</c>, or null.</summary>
    public string? UserId => Member is { } m && m.TryGetProperty("user_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>The presence member's <c>user_info</c>, or null.</summary>
    public JsonElement? UserInfo => Member is { } m && m.TryGetProperty("user_info", out var info) ? info : null;

    private JsonElement? Member
    {
        get
        {
            if (ChannelData is null) return null;
            try
            {
                using var document = JsonDocument.Parse(ChannelData);
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
