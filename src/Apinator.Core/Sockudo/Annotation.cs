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

    /// <summary>Who annotated. With <see cref="SocketId"/>, it must be that connection's signed-in user (else 401).</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// The connection publishing the annotation (<c>1234.5678</c>), not one left out of the broadcast. Sockudo checks that
    /// it is connected to it, speaks protocol V2 and holds the publish and annotation-publish capabilities for the
    /// channel (401 or 403 otherwise; 400 from a node in the api role); the annotation is then recorded as that
    /// connection's user. Null publishes as the server, with <see cref="ClientId"/> as given.
    /// </summary>
    public string? SocketId { get; init; }

    /// <summary>For counting types, how many; at least 1.</summary>
    public long? Count { get; init; }

    /// <summary>Free-form data.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The encoding of <see cref="Data"/>, when it has one.</summary>
    public string? Encoding { get; init; }
}
