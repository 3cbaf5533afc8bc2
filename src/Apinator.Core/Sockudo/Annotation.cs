using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>
/// An annotation to publish on a Sockudo versioned message (e.g. a reaction). Sent in Sockudo's
/// camelCase: <c>type</c>, <c>name</c>, <c>clientId</c>, <c>socketId</c>, <c>count</c>, <c>data</c>, <c>encoding</c>.
/// </summary>
/// <param name="Type">The annotation type, e.g. <c>reaction:distinct.v1</c>; required.</param>
public sealed record Annotation(string Type)
{
    /// <summary>The annotation's name, e.g. <c>like</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Who annotated.</summary>
    public string? ClientId { get; init; }

    /// <summary>A socket (<c>1234.5678</c>) to leave out of the broadcast.</summary>
    public string? SocketId { get; init; }

    /// <summary>For counting types, how many; at least 1.</summary>
    public long? Count { get; init; }

    /// <summary>Free-form data.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The encoding of <see cref="Data"/>, when it has one.</summary>
    public string? Encoding { get; init; }
}
