using System.Text.Json;

namespace Apinator.Testing;

/// <summary>The app signed a user in: its answer, and whether its signature is right.</summary>
/// <param name="Auth">The <c>auth</c> value, <c>{key}:{signature}</c>.</param>
/// <param name="UserData">The user JSON text that was signed.</param>
public sealed record UserAuthGrant(string Auth, string UserData)
{
    /// <summary>Whether <see cref="Auth"/> is the app key and the HMAC-SHA256 of <c>{socket_id}::user::{user_data}</c>, computed independently.</summary>
    public bool SignatureVerified { get; init; }

    /// <summary>The user's <c>id</c>, or null.</summary>
    public string? UserId
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(UserData);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
