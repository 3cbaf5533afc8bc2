using System.Text.Json.Serialization;

namespace Apinator.AspNetCore.Skubber;

/// <summary>
/// The answer of <c>MapApinatorSkubberToken</c>: <c>{"token","url","expiresAt"}</c>. The browser passes
/// <see cref="Url"/> to SignalR's <c>withUrl</c> and <see cref="Token"/> through <c>accessTokenFactory</c>,
/// which adds it as <c>access_token</c>; the token is kept out of the URL so that it is fetched again
/// on every reconnect rather than frozen into it.
/// </summary>
public sealed class SkubberConnection
{
    internal SkubberConnection(string token, string url, DateTimeOffset expiresAt)
    {
        Token = token;
        Url = url;
        ExpiresAt = expiresAt;
    }

    /// <summary>Skubber's SignalR JWT; holds no secret.</summary>
    [JsonPropertyName("token")]
    public string Token { get; }

    /// <summary>The hub URL, <c>{base}/push?userId={id}</c>, with the signed-in user's id as the server knows it.</summary>
    [JsonPropertyName("url")]
    public string Url { get; }

    /// <summary>When the token stops being accepted.</summary>
    [JsonPropertyName("expiresAt")]
    public DateTimeOffset ExpiresAt { get; }
}
