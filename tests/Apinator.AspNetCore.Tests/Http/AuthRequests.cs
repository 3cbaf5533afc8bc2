using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;

namespace Apinator.AspNetCore.Tests.Http;

/// <summary>Builds auth requests the way browser clients send them.</summary>
internal static class AuthRequests
{
    public static HttpRequestMessage Create(BodyFormat format, string path, params (string Name, string Value)[] fields)
    {
        HttpContent content = format switch
        {
            BodyFormat.Json => new StringContent(
                JsonSerializer.Serialize(fields.ToDictionary(f => f.Name, f => f.Value)), Encoding.UTF8, "application/json"),
            BodyFormat.Form => new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    public static HttpRequestMessage Channel(BodyFormat format, string socketId, string channelName, string path = "/realtime/auth") =>
        Create(format, path, ("socket_id", socketId), ("channel_name", channelName));

    public static HttpRequestMessage Raw(string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    /// <summary>Signs the request in with the test scheme.</summary>
    public static HttpRequestMessage As(this HttpRequestMessage request, string userId, string? name = null, string? email = null)
    {
        request.Headers.Add(TestAuthHandler.UserHeader, userId);
        if (name is not null) request.Headers.Add(TestAuthHandler.NameHeader, name);
        if (email is not null) request.Headers.Add(TestAuthHandler.EmailHeader, email);
        return request;
    }
}
