using System.Text;

namespace Apinator.EndToEnd.Hosting;

/// <summary>A webhook POST as it reached the test app, and how the app answered.</summary>
/// <param name="Headers">The request headers (case-insensitive keys).</param>
/// <param name="Body">The raw body.</param>
/// <param name="Status">The status the app answered with.</param>
public sealed record CapturedDelivery(IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    /// <summary>The body as text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <inheritdoc />
    public override string ToString() => $"{Status} {BodyText}";
}
