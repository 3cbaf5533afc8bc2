using System.Security.Cryptography;
using System.Text;

namespace Apinator.Benchmarks.Naive;

/// <summary>
/// Signing the way hand-rolled code usually does it: a new HMAC object from the secret string per
/// call, strings concatenated and then encoded, hex built byte by byte with "x2".
/// </summary>
public static class NaiveCrypto
{
    public static string HmacHex(string secret, string data)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Hex(hmac.ComputeHash(Encoding.UTF8.GetBytes(data)));
    }

    public static string Md5Hex(string data)
    {
        using var md5 = MD5.Create();
        return Hex(md5.ComputeHash(Encoding.UTF8.GetBytes(data)));
    }

    public static string Hex(byte[] bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes) builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
