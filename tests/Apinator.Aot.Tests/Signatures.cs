using System.Security.Cryptography;
using System.Text;

namespace Apinator.Aot.Tests;

/// <summary>HMAC-SHA256 as /work/shared/PROTOCOL.md describes it, computed here and not by the library under test.</summary>
internal static class Signatures
{
    public static string Hex(string secret, string toSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(toSign)));

    /// <summary><c>{key}:{hex}</c> over <c>{socket_id}:{channel}</c> or <c>{socket_id}:{channel}:{channel_data}</c>.</summary>
    public static string ChannelAuth(string socketId, string channel, string? channelData = null) =>
        AppUnderTest.Key + ":" + Hex(AppUnderTest.Secret, channelData is null ? $"{socketId}:{channel}" : $"{socketId}:{channel}:{channelData}");

    /// <summary><c>{key}:{hex}</c> over <c>{socket_id}::user::{user_data}</c>.</summary>
    public static string UserAuth(string socketId, string userData) =>
        AppUnderTest.Key + ":" + Hex(AppUnderTest.Secret, $"{socketId}::user::{userData}");
}
