using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AotApp;

namespace Apinator.Aot.Tests;

/// <summary>Requests as browsers and the service send them; JSON written by hand, as reflection is off here too.</summary>
internal static class Requests
{
    public const string SocketId = "1234.5678";

    public static HttpRequestMessage ChannelAuth(string channel, string? user = null, string socketId = SocketId) =>
        Json("/realtime/auth", user, ("socket_id", socketId), ("channel_name", channel));

    public static HttpRequestMessage ChannelAuthForm(string channel, string? user = null) =>
        Raw("/realtime/auth", $"socket_id={SocketId}&channel_name={Uri.EscapeDataString(channel)}", "application/x-www-form-urlencoded", user);

    public static HttpRequestMessage UserAuth(string? user, string socketId = SocketId, string? name = null) =>
        Json("/realtime/user-auth", user, ("socket_id", socketId)).Named(name);

    public static HttpRequestMessage Json(string path, string? user, params (string Name, string Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields) writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        return Raw(path, Encoding.UTF8.GetString(buffer.ToArray()), "application/json", user);
    }

    public static HttpRequestMessage Raw(string path, string body, string? contentType, string? user = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (user is not null) request.Headers.Add(HeaderAuthHandler.UserHeader, user);
        return request;
    }

    /// <summary>Signs the request in under a display name too.</summary>
    public static HttpRequestMessage Named(this HttpRequestMessage request, string? name)
    {
        if (name is not null) request.Headers.Add(HeaderAuthHandler.NameHeader, name);
        return request;
    }

    /// <summary>An Apinator webhook event body (<c>{"event","channel"}</c>).</summary>
    public static string WebhookBody(string channel) => $$"""{"event":"channel_occupied","channel":"{{channel}}"}""";

    /// <summary>A webhook delivery signed as the service signs it: hex HMAC-SHA256(secret, <c>{timestamp}.{body}</c>).</summary>
    public static HttpRequestMessage Webhook(string body, long timestamp, string secret = AppUnderTest.Secret, string contentType = "application/json")
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var request = Raw("/webhooks/apinator", body, contentType);
        request.Headers.Add("X-Realtime-Timestamp", stamp);
        request.Headers.Add("X-Realtime-Signature", Signatures.Hex(secret, stamp + "." + body));
        return request;
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
