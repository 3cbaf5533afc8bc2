using System.Net.Http.Headers;
using Apinator.Buffers;

namespace Apinator.Dialects;

/// <summary>
/// Builds the authenticated <see cref="HttpRequestMessage"/> of a REST call for one app, in one step
/// (<see cref="Create"/>): each dialect's signer puts its credentials where its service reads them.
/// This base holds what every dialect shares: the origin, the body's content, and URLs.
/// </summary>
internal abstract class RequestSigner
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json");

    private static readonly UriCreationOptions AsBuilt = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Scheme, host and port of the service, e.g. <c>https://ws-eu.apinator.io</c>.</summary>
    private readonly string _origin;

    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;

    private PlainUrl? _lastPlain;

    protected RequestSigner(ApinatorOptions options)
    {
        Key = options.Key;
        _origin = options.ResolveBaseAddress().GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        (_version, _versionPolicy) = options.HttpVersion switch
        {
            // Or lower: where ALPN does not pick h2 the call goes on over HTTP/1.1.
            ApinatorHttpVersion.Http2 => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
            // Exact: over http:// the only way to HTTP/2 is prior knowledge (h2c), which cannot fall back.
            ApinatorHttpVersion.Http2Only => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact),
            _ => (System.Net.HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
        };
    }

    protected string Key { get; }

    /// <summary>Builds the authenticated request.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Rooted, escaped path without query, e.g. <c>/apps/1/events</c>.</param>
    /// <param name="query">The call's own query parameters (unescaped), possibly empty.</param>
    /// <param name="body">Exact body bytes, empty for none.</param>
    /// <param name="timestamp">Unix seconds.</param>
    public abstract HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, long timestamp);

    /// <summary>A request for <paramref name="uri"/> carrying <paramref name="body"/> as JSON, if any.</summary>
    protected HttpRequestMessage NewRequest(HttpMethod method, Uri uri, ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(method, uri) { Version = _version, VersionPolicy = _versionPolicy };
        if (!body.IsEmpty)
        {
            // Over the caller's pooled buffer, which goes back to its pool once the answer is read. Over
            // HTTP/2 the handler may still be sending the body then (a stream is duplex), but only on a
            // stream the service has already answered without reading the whole body: it never reads
            // those bytes, and a service that acts on an event reads all of it (it checks its digest)
            // before it answers. So no call's outcome depends on bytes sent after its answer.
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }

    /// <summary>The URL with the call's own query, unsigned.</summary>
    protected Uri UnsignedUri(string path, IReadOnlyList<KeyValuePair<string, string>> query) =>
        query.Count == 0 ? PlainUri(path) : new Uri(QueryUrl(path, query), UriKind.Absolute);

    /// <summary>
    /// The <see cref="Uri"/> of a URL this signer built from <paramref name="path"/>, for a URL that is
    /// new on every call (a signed query). Every part of it is already escaped (segments and query values
    /// hold only unreserved characters and %XX), so the canonicalization <see cref="Uri"/> would do, three
    /// quarters of the cost of parsing a signed query (about 1.5 µs of 2), has nothing to change: skipped.
    /// Except for dot segments, which it would remove: a path holding one is parsed, and sent, as before.
    /// (Such a <see cref="Uri"/> equals only another built so; a signed URL is never known in advance.)
    /// </summary>
    protected static Uri BuiltUri(string url, string path) =>
        path.Contains("/.", StringComparison.Ordinal) ? new Uri(url, UriKind.Absolute) : new Uri(url, in AsBuilt);

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

    /// <summary>The absolute URL: origin, path and the call's query, values escaped.</summary>
    private string QueryUrl(string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
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

    /// <summary>A builder holding origin and path, for a signer that writes its own query.</summary>
    protected SpanBuilder<char> StartUrl(string path, Span<char> initial)
    {
        var url = new SpanBuilder<char>(initial);
        url.Append(_origin);
        url.Append(path);
        return url;
    }

    /// <summary>Appends <c>{METHOD}\n{path}\n</c>, the part both HMAC request signatures share after their own prefix.</summary>
    protected static void AppendMethodAndPath(ref SpanBuilder<byte> toSign, string method, string path)
    {
        toSign.AppendUtf8(method);
        toSign.Append((byte)'\n');
        toSign.AppendUtf8(path);
        toSign.Append((byte)'\n');
    }

    private sealed record PlainUrl(string Path, Uri Uri);
}
