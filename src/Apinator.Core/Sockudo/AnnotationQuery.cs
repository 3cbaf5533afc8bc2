namespace Apinator.Sockudo;

/// <summary>Which annotations of a message to list.</summary>
public sealed record AnnotationQuery
{
    /// <summary>Only annotations of this type (<c>type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>The most items, 1–1000 (<c>limit</c>). Sockudo also caps it at its versioned messages <c>max_page_size</c>.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Start after this annotation serial (<c>from_serial</c>): a previous page's <see cref="SockudoPage{T}.NextCursor"/>,
    /// which is that page's last serial.
    /// </summary>
    public string? FromSerial { get; init; }

    /// <summary>
    /// The connection the annotations are read for (<c>socket_id</c>, <c>1234.5678</c>), or null to read as the server.
    /// Sockudo then checks that this socket is connected to it, speaks protocol V2, and holds the subscribe and
    /// annotation-subscribe capabilities for the channel (401 or 403 otherwise; 400 from a node in the api role, which
    /// has no connections).
    /// </summary>
    public string? SocketId { get; init; }
}
