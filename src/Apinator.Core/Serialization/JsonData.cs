using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Apinator.Serialization;

/// <summary>
/// Serializes the objects callers hand over (event data, presence user info, user data fields)
/// through the <see cref="JsonTypeInfo"/> their options resolve, never through reflection the
/// library chose: trimmed and Native AOT apps give a source-generated context in
/// <see cref="ApinatorOptions.JsonSerializerOptions"/>, everything else uses reflection as usual.
/// </summary>
internal static class JsonData
{
    public static void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        JsonTypeInfo typeInfo;
        try
        {
            typeInfo = options.GetTypeInfo(value.GetType());
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            throw new ApinatorConfigurationException(
                $"{value.GetType().Name} cannot be serialized with the configured JSON options: add it to the JsonSerializerContext set in Apinator's JsonSerializerOptions (trimmed and Native AOT apps need one for every type they send).", e);
        }

        JsonSerializer.Serialize(writer, value, typeInfo);
    }
}
