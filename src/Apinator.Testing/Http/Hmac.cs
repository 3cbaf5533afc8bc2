using System.Security.Cryptography;
using System.Text;

namespace Apinator.Testing;

/// <summary>
/// HMAC-SHA256 computed here, independently of the library's signer, so the kit checks the library
/// rather than agreeing with it by construction.
/// </summary>
internal static class Hmac
{
    public static string Hex(string secret, string message) => Hex(secret, Encoding.UTF8.GetBytes(message));

    public static string Hex(string secret, byte[] message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));

    public static bool HexEquals(string expectedHex, string? actualHex) =>
        actualHex is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex.ToLowerInvariant()));
}
