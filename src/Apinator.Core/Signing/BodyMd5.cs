using System.Security.Cryptography;

namespace Apinator.Signing;

/// <summary>Lowercase hex MD5 of a request body: the protocols' body digest, not a security use.</summary>
internal static class BodyMd5
{
    public const int HexLength = 32;

    private static readonly HashContexts Contexts = new(static () => IncrementalHash.CreateHash(HashAlgorithmName.MD5));

    public static void WriteHex(ReadOnlySpan<byte> body, Span<char> destination)
    {
        Span<byte> md5 = stackalloc byte[16];
        Contexts.Hash(body, md5);
        Convert.TryToHexStringLower(md5, destination, out _);
    }
}
