using System.Text.Json.Serialization;

namespace Apinator.Channels;

/// <summary>
/// The answer a browser client hands to the realtime server to subscribe to a private, presence or
/// encrypted channel. Serializes to <c>{"auth","channel_data"?,"shared_secret"?}</c>.
/// </summary>
public sealed class ChannelAuthorization
{
    internal ChannelAuthorization(string auth, string? channelData, string? sharedSecret)
    {
        Auth = auth;
        ChannelData = channelData;
        SharedSecret = sharedSecret;
    }

    /// <summary><c>{key}:{hex signature}</c>.</summary>
    [JsonPropertyName("auth")]
    public string Auth { get; }

    /// <summary>For presence channels, the exact JSON text <c>{"user_id","user_info"?}</c> that was signed.</summary>
    [JsonPropertyName("channel_data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChannelData { get; }

    /// <summary>For <c>private-encrypted-</c> channels, the base64 per-channel key.</summary>
    [JsonPropertyName("shared_secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SharedSecret { get; }

    /// <summary>Never shows the shared secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"ChannelAuthorization {{ Auth = {Auth}, ChannelData = {ChannelData}, SharedSecret = {(SharedSecret is null ? "(none)" : "***")} }}";
}
