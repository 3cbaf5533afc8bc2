using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>One annotation event of a Sockudo versioned message, as Sockudo's <c>AnnotationEventData</c> carries it.</summary>
/// <param name="Action"><c>annotation.create</c> or <c>annotation.delete</c>.</param>
/// <param name="Serial">This event's serial; the list's order and its paging position (<see cref="AnnotationQuery.FromSerial"/>).</param>
/// <param name="Type">The annotation type.</param>
/// <param name="Name">The annotation's name, when it has one.</param>
/// <param name="ClientId">Who annotated, when known.</param>
/// <param name="Count">The count, for counting types.</param>
/// <param name="Data">The annotation's data, when it has some.</param>
/// <param name="Timestamp">When, Unix milliseconds, when reported.</param>
public sealed record AnnotationEvent(string Action, string Serial, string Type, string? Name, string? ClientId, long? Count, JsonElement? Data, long? Timestamp)
{
    /// <summary>The annotation's id (<c>id</c>); Sockudo sends it on <c>annotation.create</c> events only.</summary>
    public string? Id { get; init; }

    /// <summary>The serial of the message the annotation is on (<c>messageSerial</c>).</summary>
    public string? MessageSerial { get; init; }

    /// <summary>The encoding of <see cref="Data"/> (<c>encoding</c>), when the publisher gave one.</summary>
    public string? Encoding { get; init; }
}
