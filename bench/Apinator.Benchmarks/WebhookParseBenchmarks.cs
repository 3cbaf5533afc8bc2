using System.Text;
using Apinator.Benchmarks.Naive;
using Apinator.Webhooks;
using BenchmarkDotNet.Attributes;

namespace Apinator.Benchmarks;

/// <summary>
/// A 305-byte Pusher delivery of three events, verified and parsed side by side: parsing should cost
/// about what verifying does. "Document" is the parser before it read the body in one pass.
/// </summary>
[MemoryDiagnoser]
public class WebhookParseBenchmarks
{
    private readonly byte[] _body;
    private readonly Func<string, string?> _getHeader;
    private readonly WebhookVerifier _verifier;
    private readonly WebhookParser _parser = new(Fixture.Options(ApinatorProtocol.Pusher));
    private readonly DocumentWebhookParser _document = new();

    public WebhookParseBenchmarks()
    {
        var text = "{\"time_ms\":1700000000000,\"events\":["
            + "{\"name\":\"member_added\",\"channel\":\"presence-room\",\"user_id\":\"u-42\"},"
            + "{\"name\":\"client_event\",\"channel\":\"private-orders-eu-1234\",\"event\":\"client-typing\",\"data\":\"{\\\"on\\\":true}\",\"socket_id\":\"123456.7890123\",\"user_id\":\"u-42\"},"
            + "{\"name\":\"channel_occupied\",\"channel\":\"private-a\"}]}";
        _body = Encoding.UTF8.GetBytes(text);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Pusher-Key"] = Fixture.Key,
            ["X-Pusher-Signature"] = NaiveCrypto.HmacHex(Fixture.Secret, text),
        };
        _getHeader = name => headers.GetValueOrDefault(name);
        _verifier = new WebhookVerifier(Fixture.Options(ApinatorProtocol.Pusher), new FixedTime(DateTimeOffset.FromUnixTimeSeconds(Fixture.Timestamp + 2)));
    }

    /// <summary>The body's size, for the table.</summary>
    public int Bytes => _body.Length;

    [GlobalSetup]
    public void SelfCheck()
    {
        if (!Verify()) throw new InvalidOperationException("webhook parse: the delivery was refused.");
        var library = Parse();
        var document = ParseWithDocument();
        if (library.Time != document.Time || !library.Events.SequenceEqual(document.Events))
        {
            throw new InvalidOperationException("webhook parse: the library and the document parser read different deliveries.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Verify() => _verifier.Verify(_getHeader, _body).IsValid;

    [Benchmark]
    public WebhookDelivery Parse() => _parser.Parse(_body);

    [Benchmark]
    public WebhookDelivery ParseWithDocument() => _document.Parse(_body);
}
