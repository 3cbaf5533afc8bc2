using System.Text.Json;

namespace Apinator.EndToEnd.Node;

/// <summary>Reading the JSON lines the Node scripts print.</summary>
public static class JsonLines
{
    /// <summary>Whether the line's <c>type</c> is <paramref name="type"/>.</summary>
    /// <param name="line">A line.</param>
    /// <param name="type">e.g. <c>event</c>, <c>subscribed</c>, <c>reply</c>.</param>
    /// <returns>True when it is.</returns>
    public static bool Is(this JsonElement line, string type) =>
        line.ValueKind == JsonValueKind.Object && line.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.ValueEquals(type);

    /// <summary>A string member, or null when absent or not a string.</summary>
    /// <param name="element">An object.</param>
    /// <param name="name">The member.</param>
    /// <returns>Its value.</returns>
    public static string? Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether the line's <paramref name="name"/> member is the string <paramref name="value"/>.</summary>
    /// <param name="element">An object.</param>
    /// <param name="name">The member.</param>
    /// <param name="value">The expected text.</param>
    /// <returns>True when it is.</returns>
    public static bool Has(this JsonElement element, string name, string value) => element.Text(name) == value;
}
