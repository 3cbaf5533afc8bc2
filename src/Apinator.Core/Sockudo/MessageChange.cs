using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>
/// The body of an update, delete or append of a Sockudo versioned message. Only the members set are
/// sent, in Sockudo's snake_case (<c>name</c>, <c>data</c>, <c>extras</c>, <c>clear_fields</c>,
/// <c>client_id</c>, <c>socket_id</c>, <c>description</c>, <c>metadata</c>, <c>op_id</c>).
/// </summary>
public sealed record MessageChange
{
    /// <summary>The new event name (update only).</summary>
    public string? Name { get; init; }

    /// <summary>The new data (update, delete) or the text to add (append; required there).</summary>
    public string? Data { get; init; }

    /// <summary>The new <c>extras</c> object.</summary>
    public JsonElement? Extras { get; init; }

    /// <summary>Fields to clear; a field cannot be both set and cleared.</summary>
    public MessageFields ClearFields { get; init; }

    /// <summary>Who made the change, recorded on the version. With <see cref="SocketId"/>, it must be that connection's signed-in user (else 401).</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// The connection making the change (<c>1234.5678</c>), not one left out of the broadcast. Sockudo checks that it is
    /// connected to it and speaks protocol V2 (401 otherwise; 400 from a node in the api role), and applies the change with
    /// that connection's user and capabilities (a token-authorized connection needs the publish capability). Null acts as
    /// the privileged server.
    /// </summary>
    public string? SocketId { get; init; }

    /// <summary>Why the change was made, recorded on the version.</summary>
    public string? Description { get; init; }

    /// <summary>Free-form metadata recorded on the version (a JSON object).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>An operation id, so a retried change is applied once.</summary>
    public string? OpId { get; init; }
}
