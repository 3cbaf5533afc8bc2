using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Apinator.Serialization;

/// <summary>
/// Serializes the objects callers hand over (event data, presence user info, user data fields)
/// through the <see cref="JsonTypeInfo"/> their options resolve, never through reflection the
/// library chose: trimmed and Native AOT apps give a source-generated context in
/// <see cref="ApinatorOptions.JsonSerializerOptions"/>, everything else uses reflection as usual.
/// The type info of the last type written is kept: an app sends the same few types over and over,
/// and <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/> is a dictionary lookup every time.
/// </summary>
internal sealed class JsonData(JsonSerializerOptions options)
{
    private Resolved? _last;

    /// <summary>Writes <paramref name="value"/> with the contract its options resolve for its type.</summary>
    public void Write(Utf8JsonWriter writer, object value) => JsonSerializer.Serialize(writer, value, InfoFor(value));

    /// <summary>The contract for <paramref name="value"/>'s type (kept for the next value of the same type).</summary>
    public JsonTypeInfo InfoFor(object value)
    {
        var type = value.GetType();
        var last = Volatile.Read(ref _last);
        if (last is null || last.Type != type)
        {
            last = new Resolved(type, Resolve(type));
            Volatile.Write(ref _last, last);
        }

        return last.Info;
    }

    private JsonTypeInfo Resolve(Type type)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            throw new ApinatorConfigurationException(
                $"{type.Name} cannot be serialized with the configured JSON options: add it to the JsonSerializerContext set in Apinator's JsonSerializerOptions (trimmed and Native AOT apps need one for every type they send).", e);
        }
    }

    private sealed record Resolved(Type Type, JsonTypeInfo Info);
}
