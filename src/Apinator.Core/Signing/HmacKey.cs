using System.Security.Cryptography;
using System.Text;

namespace Apinator.Signing;

/// <summary>
/// A secret ready to sign and verify with hex HMAC-SHA256: keyed contexts are reused, not made per
/// call, and nothing is allocated but a returned string.
/// </summary>
internal sealed class HmacKey
{
    public const int HexLength = 64;
    private const int MacLength = 32;

    private readonly HashContexts _contexts;

    public HmacKey(string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        _contexts = new HashContexts(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
    }

    public string ToHex(ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        _contexts.Hash(data, mac);
        return Convert.ToHexStringLower(mac);
    }

    public void WriteHex(ReadOnlySpan<byte> data, Span<char> destination)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        _contexts.Hash(data, mac);
        Convert.TryToHexStringLower(mac, destination, out _);
    }

    /// <summary>
    /// Compares a received hex signature with the expected MAC in constant time. Upper- and
    /// lower-case hex are both accepted.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> data, ReadOnlySpan<char> receivedHex)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        _contexts.Hash(data, expected);
        Span<byte> received = stackalloc byte[MacLength];
        // A malformed signature is compared against zeros rather than rejected early, so the time
        // taken never depends on how much of it was right.
        if (receivedHex.Length != HexLength || Convert.FromHexString(receivedHex, received, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            received.Clear();
            CryptographicOperations.FixedTimeEquals(expected, received);
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
