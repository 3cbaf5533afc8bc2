using System.Net.Http.Headers;

namespace Apinator.Signing;

/// <summary>Turns an unsigned REST call into a signed <see cref="HttpRequestMessage"/>, one subclass per protocol variant.</summary>
internal abstract class RequestSigner
{
    protected RequestSigner(string key, string secret)
    {
        Key = key;
        Secret = new HmacKey(secret);
    }

    protected string Key { get; }

    protected HmacKey Secret { get; }

    public static RequestSigner Create(ApinatorOptions options) => options.Protocol switch
    {
        ApinatorProtocol.Pusher => new PusherRequestSigner(options.Key, options.Secret),
        ApinatorProtocol.HeaderCredentials => new HeaderCredentialsRequestSigner(options.Key, options.Secret),
        _ => new ApinatorRequestSigner(options.Key, options.Secret),
    };

    /// <summary>Builds the signed request.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="baseAddress">Service address.</param>
    /// <param name="path">Escaped path, without query.</param>
    /// <param name="query">The call's own query parameters (unescaped values), or null.</param>
    /// <param name="body">Exact body bytes, empty for none.</param>
    /// <param name="timestamp">Unix seconds.</param>
    public abstract HttpRequestMessage CreateRequest(HttpMethod method, Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte> body, long timestamp);

    protected static HttpRequestMessage NewRequest(HttpMethod method, Uri baseAddress, string pathAndQuery, ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress, pathAndQuery));
        if (!body.IsEmpty)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }

    protected static string AppendQuery(string path, IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        if (query is null || query.Count == 0) return path;
        var builder = new System.Text.StringBuilder(path).Append('?');
        for (var i = 0; i < query.Count; i++)
        {
            if (i > 0) builder.Append('&');
            builder.Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        return builder.ToString();
    }

    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json");
}
