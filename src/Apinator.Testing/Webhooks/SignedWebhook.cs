using System.Net.Http.Headers;
using System.Text;

namespace Apinator.Testing;

/// <summary>
/// One webhook delivery, built and signed as the service would: the exact body and headers. Send it
/// with <see cref="WebhookTestClient.SendAsync(SignedWebhook, CancellationToken)"/> (again, to replay it)
/// or turn it into a request with <see cref="ToRequest"/>.
/// </summary>
/// <param name="Path">The route it is posted to.</param>
/// <param name="Body">The exact body text (UTF-8 on the wire).</param>
/// <param name="Headers">The signature headers.</param>
/// <param name="Timestamp">The time it claims to have been sent at.</param>
public sealed record SignedWebhook(string Path, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers, DateTimeOffset Timestamp)
{
    /// <summary>A new POST request carrying this delivery, byte for byte.</summary>
    /// <returns>The request; the caller owns it.</returns>
    public HttpRequestMessage ToRequest()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.RelativeOrAbsolute)) { Content = content };
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>The value of one header, or null.</summary>
    /// <param name="name">The header's name (case-insensitive).</param>
    /// <returns>Its value.</returns>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
