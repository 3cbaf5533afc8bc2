using System.Buffers.Text;
using System.Text.Json;

namespace Apinator.Skubber;

/// <summary>
/// Reads a JWT's <c>exp</c> claim without validating the token: Skubber validates its own tokens,
/// and the server only needs to know when to fetch the next one.
/// </summary>
internal static class JwtExpiry
{
    // Far larger than any real JWT payload, small enough that a hostile answer costs nothing.
    private const int MaxPayloadChars = 8 * 1024;

    // 9999-12-31T23:59:59Z, the largest time DateTimeOffset holds.
    private const double MaxUnixSeconds = 253_402_300_799;

    /// <summary>The <c>exp</c> claim as a time, or null when the token is not a JWT or has none.</summary>
    public static DateTimeOffset? Read(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        if (first < 0) return null;
        var second = token.IndexOf('.', first + 1);
        if (second < 0) return null;
        var payload = token.AsSpan(first + 1, second - first - 1);
        if (payload.IsEmpty || payload.Length > MaxPayloadChars) return null;

        try
        {
            var json = Base64Url.DecodeFromChars(payload);
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetDouble(out var seconds) && seconds is > 0 and <= MaxUnixSeconds
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Not a JWT we can read: the caller falls back to Skubber's documented one hour.
            return null;
        }
    }
}
