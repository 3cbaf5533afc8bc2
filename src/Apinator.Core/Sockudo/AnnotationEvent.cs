using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>One annotation event of a Sockudo versioned message.</summary>
/// <param name="Action"><c>annotation.create</c> or <c>annotation.delete</c>.</param>
/// <param name="Serial">The annotation's serial.</param>
/// <param name="Type">The annotation type.</param>
/// <param name="Name">The annotation's name, when it has one.</param>
/// <param name="ClientId">Who annotated, when known.</param>
/// <param name="Count">The count, for counting types.</param>
/// <param name="Data">The annotation's data, when it has some.</param>
/// <param name="Timestamp">When, Unix milliseconds, when reported.</param>
public sealed record AnnotationEvent(string Action, string Serial, string Type, string? Name, string? ClientId, long? Count, JsonElement? Data, long? Timestamp);
