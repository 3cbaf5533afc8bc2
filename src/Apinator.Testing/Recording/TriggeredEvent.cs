using System.Text.Json;

namespace Apinator.Testing;

/// <summary>
/// One event the app sent through <see cref="FakeApinator"/>, as the service would have received it:
/// one record per channel (a trigger on three channels records three), batches included.
/// </summary>
/// <param name="Channel">The channel; <c>#server-to-user-{id}</c> for an event sent to a user.</param>
/// <param name="Name">The event's name.</param>
/// <param name="Data">
/// The <c>data</c> text exactly as sent (objects are JSON-serialized by the client). On an end-to-end
/// encrypted channel this is the decrypted payload when the fake knows the master key.
/// </param>
/// <param name="SocketId">The socket excluded from delivery, or null.</param>
public sealed record TriggeredEvent(string Channel, string Name, string Data, string? SocketId)
{
    /// <summary>Whether the event travelled encrypted (a <c>private-encrypted-</c> channel).</summary>
    public bool WasEncrypted { get; init; }

    /// <summary>Whether it was sent in a batch trigger.</summary>
    public bool WasBatched { get; init; }

    /// <summary>The user the event was sent to, for <see cref="IApinator.SendToUserAsync"/>; otherwise null.</summary>
    public string? UserId => Channel.StartsWith(Validation.ProtocolRules.ServerToUserPrefix, StringComparison.Ordinal)
        ? Channel[Validation.ProtocolRules.ServerToUserPrefix.Length..]
        : null;

    /// <summary>Parses <see cref="Data"/> as JSON.</summary>
    /// <returns>A detached copy of the root element.</returns>
    /// <exception cref="ApinatorAssertionException">The data is not JSON.</exception>
    public JsonElement DataAsJson()
    {
        try
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ApinatorAssertionException($"The data of '{Name}' on '{Channel}' is not JSON: {Shorten(Data)}", e);
        }
    }

    /// <summary>Deserializes <see cref="Data"/> (web defaults: camelCase, case-insensitive).</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="options">Serializer settings; <see cref="JsonSerializerDefaults.Web"/> when null.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ApinatorAssertionException">The data is not JSON of that shape.</exception>
    public T? DataAs<T>(JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Data, options ?? WebJson);
        }
        catch (JsonException e)
        {
            throw new ApinatorAssertionException($"The data of '{Name}' on '{Channel}' is not a {typeof(T).Name}: {Shorten(Data)}", e);
        }
    }

    /// <summary>A one-line description used in assertion messages.</summary>
    /// <returns>E.g. <c>'order.created' on 'orders' data {"id":1}</c>.</returns>
    public override string ToString() =>
        $"'{Name}' on '{Channel}' data {Shorten(Data)}" + (SocketId is null ? "" : $" except socket {SocketId}") + (WasBatched ? " (batch)" : "");

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    internal static string Shorten(string text) => text.Length > 120 ? string.Concat(text.AsSpan(0, 120), "…") : text;
}
