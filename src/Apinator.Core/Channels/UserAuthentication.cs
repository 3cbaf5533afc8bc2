using System.Text.Json.Serialization;

namespace Apinator.Channels;

/// <summary>The answer to a user sign-in request. Serializes to <c>{"auth","user_data"}</c>.</summary>
public sealed class UserAuthentication
{
    internal UserAuthentication(string auth, string userData)
    {
        Auth = auth;
        UserData = userData;
    }

    /// <summary><c>{key}:{hex signature}</c>.</summary>
    [JsonPropertyName("auth")]
    public string Auth { get; }

    /// <summary>The exact JSON text of the user data that was signed.</summary>
    [JsonPropertyName("user_data")]
    public string UserData { get; }
}
