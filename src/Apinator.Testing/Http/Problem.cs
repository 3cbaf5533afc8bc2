using System.Text.Json;

namespace Apinator.Testing;

/// <summary>Reads the title and detail of an RFC 7807 answer, if it is one.</summary>
internal static class Problem
{
    public static (string? Title, string? Detail) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            return (Text(root, "title"), Text(root, "detail"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
