using System.Globalization;
using System.Text;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>Builds signed webhook deliveries as the services send them, signing with HMAC-SHA256 here.</summary>
internal static class WebhookDeliveries
{
    public const string Path = "/webhooks/apinator";

    /// <summary>Pusher's envelope: <c>{"time_ms":…,"events":[…]}</c>.</summary>
    public static string Envelope(DateTimeOffset time, params string[] events) =>
        $$"""{"time_ms":{{time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}},"events":[{{string.Join(',', events)}}]}""";

    /// <summary>Pusher: <c>X-Pusher-Key</c> and <c>X-Pusher-Signature</c> = hex HMAC-SHA256(secret, raw body).</summary>
    public static HttpRequestMessage Pusher(string body, string key = TestApp.Key, string secret = TestApp.Secret, string contentType = "application/json")
    {
        var request = Post(body, contentType);
        request.Headers.Add("X-Pusher-Key", key);
        request.Headers.Add("X-Pusher-Signature", ExpectedAuth.Hmac(secret, body));
        return request;
    }

    /// <summary>Apinator: <c>X-Realtime-Timestamp</c> (Unix seconds) and <c>X-Realtime-Signature</c> = hex HMAC-SHA256(secret, "{ts}.{body}").</summary>
    public static HttpRequestMessage Apinator(string body, DateTimeOffset time, string secret = TestApp.Secret, string contentType = "application/json")
    {
        var timestamp = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Post(body, contentType);
        request.Headers.Add("X-Realtime-Timestamp", timestamp);
        request.Headers.Add("X-Realtime-Signature", ExpectedAuth.Hmac(secret, $"{timestamp}.{body}"));
        return request;
    }

    private static HttpRequestMessage Post(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
    }
}
