using System.Text.Json.Serialization;

namespace Apinator.AspNetCore;

/// <summary>The body of an auth request from Apinator's JS client (pusher-js sends the same fields form-encoded).</summary>
public sealed class AuthRequestBody
{
    /// <summary>The socket asking.</summary>
    [JsonPropertyName("socket_id")]
    public string? SocketId { get; set; }

    /// <summary>The channel asked for (absent for user sign-in).</summary>
    [JsonPropertyName("channel_name")]
    public string? ChannelName { get; set; }
}
