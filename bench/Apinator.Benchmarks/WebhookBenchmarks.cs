using System.Text;
using Apinator.Benchmarks.Naive;
using Apinator.Webhooks;
using BenchmarkDotNet.Attributes;

namespace Apinator.Benchmarks;

/// <summary>A clock that never moves, so the age check passes for the whole run.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Pusher webhook: X-Pusher-Key, X-Pusher-Signature = hex HMAC(secret, body), age from time_ms.</summary>
[MemoryDiagnoser]
public class PusherWebhookBenchmarks
{
    private readonly string _key = Fixture.Key;
    private readonly string _secret = Fixture.Secret;
    private readonly byte[] _body;
    private readonly string _bodyText;
    private readonly Dictionary<string, string> _headers;
    private readonly Func<string, string?> _getHeader;
    private readonly WebhookVerifier _verifier;

    public PusherWebhookBenchmarks()
    {
        _bodyText = "{\"time_ms\":1700000000000,\"events\":[{\"name\":\"member_added\",\"channel\":\"presence-room-42\",\"user_id\":\"u-1042\"}]}";
        _body = Encoding.UTF8.GetBytes(_bodyText);
        _headers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Pusher-Key"] = Fixture.Key,
            ["X-Pusher-Signature"] = NaiveCrypto.HmacHex(Fixture.Secret, _bodyText),
            ["Content-Type"] = "application/json",
        };
        _getHeader = name => _headers.GetValueOrDefault(name);
        _verifier = new WebhookVerifier(Fixture.Options(ApinatorProtocol.Pusher), new FixedTime(DateTimeOffset.FromUnixTimeSeconds(Fixture.Timestamp + 2)));
    }

    [GlobalSetup]
    public void SelfCheck()
    {
        if (!Library() || !Naive()) throw new InvalidOperationException("pusher webhook: a genuine delivery was refused.");
    }

    [Benchmark(Baseline = true)]
    public bool Naive()
    {
        if (_headers["X-Pusher-Key"] != _key) return false;
        return _headers["X-Pusher-Signature"] == NaiveCrypto.HmacHex(_secret, _bodyText);
    }

    [Benchmark]
    public bool Library() => _verifier.Verify(_getHeader, _body).IsValid;
}

/// <summary>Apinator webhook: X-Realtime-Signature = sha256=hex HMAC(secret, "{ts}.{body}"), age from X-Realtime-Timestamp.</summary>
[MemoryDiagnoser]
public class ApinatorWebhookBenchmarks
{
    private readonly string _secret = Fixture.Secret;
    private readonly byte[] _body;
    private readonly string _bodyText;
    private readonly Dictionary<string, string> _headers;
    private readonly Func<string, string?> _getHeader;
    private readonly WebhookVerifier _verifier;

    public ApinatorWebhookBenchmarks()
    {
        _bodyText = "{\"event\":\"member_added\",\"channel\":\"presence-room-42\",\"user_id\":\"u-1042\"}";
        _body = Encoding.UTF8.GetBytes(_bodyText);
        var timestamp = Fixture.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _headers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Realtime-Timestamp"] = timestamp,
            ["X-Realtime-Signature"] = "sha256=" + NaiveCrypto.HmacHex(Fixture.Secret, timestamp + "." + _bodyText),
            ["Content-Type"] = "application/json",
        };
        _getHeader = name => _headers.GetValueOrDefault(name);
        _verifier = new WebhookVerifier(Fixture.Options(ApinatorProtocol.Apinator), new FixedTime(DateTimeOffset.FromUnixTimeSeconds(Fixture.Timestamp + 2)));
    }

    [GlobalSetup]
    public void SelfCheck()
    {
        if (!Library() || !Naive()) throw new InvalidOperationException("apinator webhook: a genuine delivery was refused.");
    }

    [Benchmark(Baseline = true)]
    public bool Naive()
    {
        var signature = _headers["X-Realtime-Signature"];
        if (signature.StartsWith("sha256=", StringComparison.Ordinal)) signature = signature.Substring(7);
        return signature == NaiveCrypto.HmacHex(_secret, _headers["X-Realtime-Timestamp"] + "." + _bodyText);
    }

    [Benchmark]
    public bool Library() => _verifier.Verify(_getHeader, _body).IsValid;
}
