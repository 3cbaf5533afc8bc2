using System.Globalization;
using System.Text;
using Apinator.Benchmarks.Naive;
using Apinator.Dialects;
using BenchmarkDotNet.Attributes;

namespace Apinator.Benchmarks;

/// <summary>Apinator REST signature: hex HMAC over "{ts}\n{METHOD}\n{path}\n{body md5}".</summary>
[MemoryDiagnoser]
public class ApinatorRequestSigningBenchmarks
{
    private readonly ApinatorDialect.Signer _factory = new(Fixture.Options(ApinatorProtocol.Apinator));
    private readonly string _secret = Fixture.Secret;
    private readonly long _timestamp = Fixture.Timestamp;
    private readonly string _method = "POST";
    private readonly string _path = "/apps/" + Fixture.AppId + "/events";
    private readonly byte[] _body = Fixture.TriggerBody;
    private readonly string _bodyText = Encoding.UTF8.GetString(Fixture.TriggerBody);

    [GlobalSetup]
    public void SelfCheck() => Fixture.Same("apinator request signature", Library(), Naive());

    [Benchmark(Baseline = true)]
    public string Naive()
    {
        var md5 = _bodyText.Length == 0 ? "" : NaiveCrypto.Md5Hex(_bodyText);
        return NaiveCrypto.HmacHex(_secret, $"{_timestamp}\n{_method}\n{_path}\n{md5}");
    }

    [Benchmark]
    public string Library() => _factory.Signature(_timestamp, _method, _path, _body);
}

/// <summary>Pusher REST signature: the sorted auth query, signed, escaped, with auth_signature last.</summary>
[MemoryDiagnoser]
public class PusherRequestSigningBenchmarks
{
    private readonly PusherSigner _factory = new(Fixture.Options(ApinatorProtocol.Pusher));
    private readonly string _key = Fixture.Key;
    private readonly string _secret = Fixture.Secret;
    private readonly long _timestamp = Fixture.Timestamp;
    private string _method = "";
    private string _path = "";
    private byte[] _body = [];
    private string _bodyText = "";
    private KeyValuePair<string, string>[]? _query;

    /// <summary><c>trigger</c>: POST with a body and no query; <c>channels</c>: GET with two query parameters.</summary>
    [Params("trigger", "channels")]
    public string Case { get; set; } = "trigger";

    [GlobalSetup]
    public void SelfCheck()
    {
        if (Case == "trigger")
        {
            _method = "POST";
            _path = "/apps/" + Fixture.AppId + "/events";
            _body = Fixture.TriggerBody;
            _query = null;
        }
        else
        {
            _method = "GET";
            _path = "/apps/" + Fixture.AppId + "/channels";
            _body = [];
            _query = [new("filter_by_prefix", "presence-"), new("info", "user_count,subscription_count")];
        }

        _bodyText = Encoding.UTF8.GetString(_body);
        Fixture.Same("pusher signed query", Library().Split('?')[1], Naive());
    }

    [Benchmark(Baseline = true)]
    public string Naive()
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["auth_key"] = _key,
            ["auth_timestamp"] = _timestamp.ToString(CultureInfo.InvariantCulture),
            ["auth_version"] = "1.0",
        };
        if (_bodyText.Length > 0) parameters["body_md5"] = NaiveCrypto.Md5Hex(_bodyText);
        if (_query is not null)
        {
            foreach (var pair in _query) parameters[pair.Key.ToLowerInvariant()] = pair.Value;
        }

        var toSign = string.Join("&", parameters.Select(p => $"{p.Key}={p.Value}"));
        var signature = NaiveCrypto.HmacHex(_secret, $"{_method}\n{_path}\n{toSign}");
        return string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")) + "&auth_signature=" + signature;
    }

    /// <summary>The whole URL (origin, path, signed query): what the request is built with.</summary>
    [Benchmark]
    public string Library() => _factory.Url(_method, _path, _query ?? [], _body, _timestamp);
}
