using System.Security.Cryptography;

namespace Apinator.Signing;

/// <summary>Hex HMAC-SHA256 over bytes with one-shot static APIs: no HMAC object, no intermediate strings.</summary>
internal static class HmacSignature
{
    public const int HexLength = 64;

    public static string ToHex(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, data, mac);
        return Convert.ToHexStringLower(mac);
    }

    public static void WriteHex(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<char> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, data, mac);
        Convert.TryToHexStringLower(mac, destination, out _);
    }

    /// <summary>
    /// Compares a received hex signature with the expected MAC in constant time. Upper- and
    /// lower-case hex are both accepted.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<char> receivedHex)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, data, expected);
        Span<byte> received = stackalloc byte[32];
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

    /// <summary>Lowercase hex MD5 of a body into 32 chars.</summary>
    public static void WriteMd5Hex(ReadOnlySpan<byte> body, Span<char> destination)
    {
        Span<byte> md5 = stackalloc byte[16];
#pragma warning disable CA5351 // MD5 is what the protocol specifies for the body digest; it is not used for security.
        MD5.HashData(body, md5);
#pragma warning restore CA5351
        Convert.TryToHexStringLower(md5, destination, out _);
    }
}
