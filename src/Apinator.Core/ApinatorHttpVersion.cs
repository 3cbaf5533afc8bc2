namespace Apinator;

/// <summary>Which HTTP version REST calls to the service are sent with (<see cref="ApinatorOptions.HttpVersion"/>).</summary>
public enum ApinatorHttpVersion
{
    /// <summary>HTTP/1.1 on pooled connections, one call at a time per connection. The default.</summary>
    Http11 = 0,

    /// <summary>
    /// HTTP/2 where the service negotiates it during the TLS handshake (ALPN), HTTP/1.1 where it does not:
    /// concurrent calls then share one connection. Needs an <c>https://</c> address, since a cleartext
    /// connection cannot negotiate; for HTTP/2 over <c>http://</c> use <see cref="Http2Only"/>.
    /// </summary>
    Http2 = 1,

    /// <summary>
    /// HTTP/2 and nothing else: over <c>http://</c> HTTP/2 cleartext with prior knowledge (h2c), over
    /// <c>https://</c> a call fails if the service does not pick HTTP/2. Only for a service known to
    /// speak HTTP/2 on that address (e.g. Sockudo, or a local server listening for HTTP/2).
    /// </summary>
    Http2Only = 2,
}
