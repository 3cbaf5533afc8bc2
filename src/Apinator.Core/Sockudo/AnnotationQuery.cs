namespace Apinator.Sockudo;

/// <summary>Which annotations of a message to list.</summary>
public sealed record AnnotationQuery
{
    /// <summary>Only annotations of this type (<c>type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>The most items, 1–1000 (<c>limit</c>).</summary>
    public int? Limit { get; init; }

    /// <summary>Start after this annotation serial (<c>from_serial</c>), e.g. a previous page's <see cref="HistoryPage{T}.NextCursor"/>.</summary>
    public string? FromSerial { get; init; }
}
