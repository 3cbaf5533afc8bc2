using Apinator.Validation;

namespace Apinator.Sockudo;

// Annotations of versioned messages: sockudo/sockudo crates/sockudo-server/src/http_handler/annotations/mod.rs
// (publish_annotation, channel_message_annotations, delete_annotation).
public sealed partial class SockudoClient
{
    /// <inheritdoc />
    public Task<string> PublishAnnotationAsync(string channel, string messageSerial, Annotation annotation, CancellationToken cancellationToken = default)
    {
        var path = MessagePath(channel, messageSerial, "Annotations") + "/annotations";
        ArgumentNullException.ThrowIfNull(annotation);
        var body = _bodies.Annotation(annotation);
        return _transport.SendAsync(HttpMethod.Post, path, NoQuery, body, root => SockudoReader.AnnotationSerial(root, "annotationSerial"), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SockudoPage<AnnotationEvent>> ListAnnotationsAsync(string channel, string messageSerial, AnnotationQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = MessagePath(channel, messageSerial, "Annotations") + "/annotations";
        var parameters = AnnotationParameters(query);
        return _transport.SendAsync(HttpMethod.Get, path, parameters, default, root => SockudoReader.Page(root, SockudoReader.Annotation), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AnnotationEvent> ReadAnnotationsAsync(string channel, string messageSerial, AnnotationQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AnnotationQuery();
        MessagePath(channel, messageSerial, "Annotations");
        AnnotationParameters(query);
        // Sockudo's next_cursor is the page's last annotation serial, and the next page is asked for with from_serial.
        return ReadAll(c => ListAnnotationsAsync(channel, messageSerial, query with { FromSerial = c }, cancellationToken), query.FromSerial, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> DeleteAnnotationAsync(string channel, string messageSerial, string annotationSerial, string? socketId = null, CancellationToken cancellationToken = default)
    {
        var path = MessagePath(channel, messageSerial, "Annotations");
        SockudoRules.Serial(annotationSerial, nameof(annotationSerial));
        if (socketId is not null) ProtocolRules.SocketId(socketId, nameof(socketId));
        KeyValuePair<string, string>[] query = socketId is null ? NoQuery : [new("socket_id", socketId)];
        // DeleteAnnotationResponse: annotationSerial is the delete event's own serial, deletedAnnotationSerial the target's.
        return _transport.SendAsync(HttpMethod.Delete, path + "/annotations/" + Segment(annotationSerial, nameof(annotationSerial)), query, default, root => SockudoReader.AnnotationSerial(root, "annotationSerial"), cancellationToken);
    }

    /// <summary>The query of an annotation list, in Sockudo's <c>AnnotationEventsQuery</c> names, checked.</summary>
    private static List<KeyValuePair<string, string>> AnnotationParameters(AnnotationQuery? query)
    {
        var parameters = new List<KeyValuePair<string, string>>(4);
        if (query?.Type is { } type)
        {
            if (string.IsNullOrWhiteSpace(type)) throw new ApinatorValidationException("An annotation type filter must not be blank; leave it null for all types.", nameof(query.Type));
            parameters.Add(new("type", type));
        }

        if (query?.Limit is { } limit)
        {
            if (limit is < 1 or > SockudoRules.MaxLimit) throw new ApinatorValidationException($"Limit {limit} is out of range: use 1–{SockudoRules.MaxLimit}.", nameof(query.Limit));
            parameters.Add(new("limit", SockudoRules.Text(limit)));
        }

        if (query?.FromSerial is { } from)
        {
            SockudoRules.Serial(from, nameof(query.FromSerial));
            parameters.Add(new("from_serial", from));
        }

        if (query?.SocketId is { } socketId)
        {
            ProtocolRules.SocketId(socketId, nameof(query.SocketId));
            parameters.Add(new("socket_id", socketId));
        }

        return parameters;
    }
}
