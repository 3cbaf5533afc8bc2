using System.Net.Http.Headers;
using Apinator.Buffers;
using Apinator.Signing;

namespace Apinator.Http;

/// <summary>
/// Builds the <see cref="HttpRequestMessage"/> of a REST call: URL, body and the authentication of
/// the protocol variant. The base class does the building; a variant adds its credentials at one
/// hook (<see cref="Url"/> for a signed query, <see cref="Authenticate"/> for headers).
/// </summary>
internal abstract class RequestFactory
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json");

    /// <summary>Scheme, host and port of the service, e.g. <c>https://ws-eu.apinator.io</c>.</summary>
    private readonly string _origin;

    protected RequestFactory(ApinatorOptions options)
    {
        Key = options.Key;
        Secret = new HmacKey(options.Secret);
        _origin = options.ResolveBaseAddress().GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
    }

    protected string Key { get; }

    protected HmacKey Secret { get; }

    public static RequestFactory For(ApinatorOptions options) => options.Protocol switch
    {
        ApinatorProtocol.Pusher or ApinatorProtocol.Sockudo => new PusherRequestFactory(options),
        ApinatorProtocol.HeaderCredentials => new HeaderCredentialsRequestFactory(options),
        _ => new ApinatorRequestFactory(options),
    };

    /// <summary>Builds the authenticated request.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Rooted, escaped path without query, e.g. <c>/apps/1/events</c>.</param>
    /// <param name="query">The call's own query parameters (unescaped), possibly empty.</param>
    /// <param name="body">Exact body bytes, empty for none.</param>
    /// <param name="timestamp">Unix seconds.</param>
    public HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, long timestamp)
    {
        var uri = query.Count == 0 && !SignsUrl ? PlainUri(path) : new Uri(Url(method.Method, path, query, body.Span, timestamp), UriKind.Absolute);
        var request = new HttpRequestMessage(method, uri);
        if (!body.IsEmpty)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        Authenticate(request.Headers, method.Method, path, body.Span, timestamp);
        return request;
    }

    /// <summary>Whether <see cref="Url"/> adds a signature, so a URL is never the same twice.</summary>
    protected virtual bool SignsUrl => false;

    /// <summary>
    /// The URL of a call with no query, kept for the next call to the same path: a trigger's URL never
    /// changes, and a <see cref="Uri"/> (immutable, shared safely) is not worth parsing again.
    /// </summary>
    private Uri PlainUri(string path)
    {
        var last = Volatile.Read(ref _lastPlain);
        if (last is not null && string.Equals(last.Path, path, StringComparison.Ordinal)) return last.Uri;
        var uri = new Uri(string.Concat(_origin, path), UriKind.Absolute);
        Volatile.Write(ref _lastPlain, new PlainUrl(path, uri));
        return uri;
    }

    private sealed record PlainUrl(string Path, Uri Uri);

    private PlainUrl? _lastPlain;

    /// <summary>The absolute URL: origin, path and the call's query, values escaped.</summary>
    protected internal virtual string Url(string method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlySpan<byte> body, long timestamp)
    {
        if (query.Count == 0) return string.Concat(_origin, path);
        var url = StartUrl(path, stackalloc char[SpanBuilder<char>.StackSize]);
        try
        {
            // Indexed, not foreach: enumerating the interface would allocate an enumerator per call.
            for (var i = 0; i < query.Count; i++)
            {
                url.Append(i == 0 ? '?' : '&');
                url.AppendEscaped(query[i].Key);
                url.Append('=');
                url.AppendEscaped(query[i].Value);
            }

            return new string(url.Written);
        }
        finally
        {
            url.Dispose();
        }
    }

    /// <summary>Adds the variant's credential headers, if it uses any.</summary>
    protected virtual void Authenticate(HttpRequestHeaders headers, string method, string path, ReadOnlySpan<byte> body, long timestamp)
    {
    }

    /// <summary>A builder holding origin and path, for a variant that writes its own query.</summary>
    protected SpanBuilder<char> StartUrl(string path, Span<char> initial)
    {
        var url = new SpanBuilder<char>(initial);
        url.Append(_origin);
        url.Append(path);
        return url;
    }
}
