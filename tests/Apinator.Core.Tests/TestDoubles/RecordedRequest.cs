using System.Text;

namespace Apinator.Tests.TestDoubles;

/// <summary>What reached the wire: one request as the <see cref="RecordingHttpMessageHandler"/> saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[]? Body)
{
    /// <summary>The path as sent, escaped, without the query.</summary>
    public string Path => Uri.AbsolutePath;

    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);

    /// <summary>The query parameters in the order sent, values unescaped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters =>
        Uri.Query.Length <= 1
            ? []
            : Uri.Query[1..].Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))).ToList();

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
