using System.Text.Json.Serialization;

namespace Apinator.Serialization;

/// <summary>
/// Contracts for the types the library itself hands to the serializer (the default user data's
/// <c>name</c> dictionary), consulted after the app's resolver: an app whose context lacks them
/// still signs its users in, with reflection off.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class BuiltInJsonContext : JsonSerializerContext;
