using System.Text;
using Apinator.Benchmarks.Naive;
using Apinator.Encryption;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Apinator.Benchmarks;

/// <summary>
/// End-to-end encryption of one event (key derivation + XSalsa20-Poly1305 through libsodium). The
/// nonce is fixed so both sides produce the same text; the public Encrypt adds a random one.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EncryptionBenchmarks
{
    private readonly ChannelEncryption _encryption = new(Fixture.MasterKeyBase64);
    private readonly NaiveEncryption _naive = new(Convert.FromBase64String(Fixture.MasterKeyBase64));
    private readonly string _channel = Fixture.EncryptedChannel;
    private readonly string _plaintext = "{\"id\":\"ord_1\",\"total\":42.5,\"currency\":\"EUR\",\"items\":[\"a\",\"b\",\"c\"]}";
    private readonly byte[] _plaintextBytes;
    private readonly byte[] _nonce = Enumerable.Range(1, 24).Select(i => (byte)i).ToArray();
    private string _sealed = "";

    public EncryptionBenchmarks() => _plaintextBytes = Encoding.UTF8.GetBytes(_plaintext);

    [GlobalSetup]
    public void SelfCheck()
    {
        _sealed = EncryptLibrary();
        Fixture.Same("encrypt", _sealed, EncryptNaive());
        Fixture.Same("decrypt", DecryptLibrary(), DecryptNaive());
        Fixture.Same("decrypt round trip", DecryptLibrary(), _plaintext);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Encrypt")]
    public string EncryptNaive() => _naive.Encrypt(_channel, _plaintext, _nonce);

    [Benchmark, BenchmarkCategory("Encrypt")]
    public string EncryptLibrary() => _encryption.Encrypt(_channel, _plaintextBytes, _nonce);

    [Benchmark(Baseline = true), BenchmarkCategory("Decrypt")]
    public string DecryptNaive() => _naive.Decrypt(_channel, _sealed);

    [Benchmark, BenchmarkCategory("Decrypt")]
    public string DecryptLibrary() => _encryption.Decrypt(_channel, _sealed);
}
