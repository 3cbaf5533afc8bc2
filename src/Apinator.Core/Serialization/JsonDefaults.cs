using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Apinator.Serialization;

/// <summary>The serializer settings for user data: the app's own, or web defaults with JavaScript's escaping.</summary>
internal static class JsonDefaults
{
    private static readonly JsonSerializerOptions Default = CreateDefault();

    /// <summary>The app's settings (given a resolver if they have none), or the defaults when it set none.</summary>
    public static JsonSerializerOptions For(JsonSerializerOptions? custom) => custom is null ? Default : WithResolver(custom);

    /// <summary>
    /// Options set without a resolver (e.g. only a naming policy) serialize by reflection, as
    /// JsonSerializer would, where the app allows it. The app's resolver (a source-generated context)
    /// is asked first and the library's own contracts after it, so the app's settings (encoder,
    /// naming) apply to both and a context that lacks the library's types still works.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is used only when the app allows it (JsonSerializer.IsReflectionEnabledByDefault) and set no resolver of its own.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: reflection only when the app allows it.")]
    private static JsonSerializerOptions WithResolver(JsonSerializerOptions options) =>
        options.TypeInfoResolver is null && JsonSerializer.IsReflectionEnabledByDefault
            ? new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }
            : new JsonSerializerOptions(options)
            {
                TypeInfoResolver = options.TypeInfoResolver is { } own ? JsonTypeInfoResolver.Combine(own, BuiltInJsonContext.Default) : BuiltInJsonContext.Default,
            };

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is used only when the app allows it (JsonSerializer.IsReflectionEnabledByDefault); trimmed and Native AOT apps turn it off and set JsonSerializerOptions with a source-generated context.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: reflection only when the app allows it.")]
    private static JsonSerializerOptions CreateDefault()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // The same escaping as JavaScript's JSON.stringify for the characters that matter here,
            // so payloads look the same as the ones the Node SDK sends.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // Reflection where the app allows it; a trimmed or Native AOT app (reflection off) sets
            // JsonSerializerOptions with its own source-generated context for its types, and the
            // library's own (the default user data) need none.
            TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : BuiltInJsonContext.Default,
        };
        options.MakeReadOnly();
        return options;
    }
}
