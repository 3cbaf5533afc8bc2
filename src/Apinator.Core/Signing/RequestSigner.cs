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

    /// <param name="method">HTTP method.</param>
    /// <param name="baseAddress">Service address; only its scheme and authority are used.</param>
    /// <param name="pathAndQuery">Rooted, escaped path and query.</param>
    /// <param name="body">Exact body bytes, empty for none.</param>
    protected static HttpRequestMessage NewRequest(HttpMethod method, Uri baseAddress, ReadOnlySpan<char> pathAndQuery, ReadOnlyMemory<byte> body)
    {
        // The same address as new Uri(baseAddress, pathAndQuery) for a rooted path, built as one
        // string: the combining constructor copies the URL several times, on every call.
        var absolute = baseAddress.AbsoluteUri;
        var authorityEnd = absolute.IndexOf('/', baseAddress.Scheme.Length + 3);
        var origin = authorityEnd < 0 ? absolute.AsSpan() : absolute.AsSpan(0, authorityEnd);
        var request = new HttpRequestMessage(method, new Uri(string.Concat(origin, pathAndQuery), UriKind.Absolute));
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
