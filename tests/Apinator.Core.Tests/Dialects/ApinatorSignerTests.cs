using System.Text;
using Apinator.Dialects;
using Apinator.Tests.Conformance;

namespace Apinator.Tests.Dialects;

public class ApinatorSignerTests
{
    private const string File = ConformanceVectors.ApinatorHmacRequestFile;

    public static TheoryData<string> Cases => ConformanceVectors.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_matches_the_vector(string caseName)
    {
        var c = ConformanceVectors.NamedCase(File, caseName);
        var factory = new ApinatorDialect.Signer(Options("any-key", c.Text("secret")));

        var signature = factory.Signature(c.GetProperty("timestamp").GetInt64(), c.Text("method"), c.Text("path"), Encoding.UTF8.GetBytes(c.Text("body")));

        Assert.Equal(c.Text("expected_signature"), signature);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CreateRequest_sends_the_vector_signature_with_the_query_unsigned(string caseName)
    {
        var c = ConformanceVectors.NamedCase(File, caseName);
        var rawPath = c.TryGetProperty("raw_path", out var raw) ? raw.GetString()! : c.Text("path");
        var questionMark = rawPath.IndexOf('?', StringComparison.Ordinal);
        var path = questionMark < 0 ? rawPath : rawPath[..questionMark];
        var query = questionMark < 0
            ? []
            : rawPath[(questionMark + 1)..].Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], Uri.UnescapeDataString(p[1]))).ToList();
        var factory = new ApinatorDialect.Signer(Options("app-key", c.Text("secret")));
        var timestamp = c.GetProperty("timestamp").GetInt64();

        using var request = factory.Create(new HttpMethod(c.Text("method")), path, query, Encoding.UTF8.GetBytes(c.Text("body")), timestamp);

        Assert.Equal(rawPath, request.RequestUri!.PathAndQuery);
        Assert.Equal(c.Text("expected_signature"), Assert.Single(request.Headers.GetValues("X-Realtime-Signature")));
        Assert.Equal(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(request.Headers.GetValues("X-Realtime-Timestamp")));
        Assert.Equal("app-key", Assert.Single(request.Headers.GetValues("X-Realtime-Key")));
        Assert.Equal(c.Text("body").Length == 0, request.Content is null);
    }

    private static ApinatorOptions Options(string key, string secret) =>
        new() { AppId = "1", Key = key, Secret = secret, BaseAddress = new Uri("https://ws-eu.apinator.io") };
}
