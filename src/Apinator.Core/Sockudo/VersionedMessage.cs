using System.Text.Json;

namespace Apinator.Sockudo;

/// <summary>One version of a Sockudo versioned message.</summary>
/// <param name="MessageSerial">The message's serial (e.g. <c>msg:1</c>).</param>
/// <param name="Action"><c>create</c>, <c>update</c>, <c>delete</c>, <c>append</c> or <c>summary</c>.</param>
/// <param name="EventName">The event's name, when present.</param>
/// <param name="Data">The message's data as sent (usually a JSON string), when present.</param>
/// <param name="VersionSerial">This version's serial, when present.</param>
/// <param name="Raw">The whole message as Sockudo returned it, for fields not surfaced here (<c>extras</c>, <c>version</c>, …).</param>
public sealed record VersionedMessage(string MessageSerial, string Action, string? EventName, JsonElement? Data, string? VersionSerial, JsonElement Raw);
