using System.Security.Cryptography;
using System.Text;
using Apinator.AspNetCore.Tests.Hosting;

namespace Apinator.AspNetCore.Tests.Channels;

/// <summary>What the endpoints must answer, computed here from the protocol (PROTOCOL.md §3), not by the library.</summary>
internal static class ExpectedAuth
{
    public static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    public static string Channel(string socketId, string channelName, string? channelData = null) =>
        $"{TestApp.Key}:{Hmac(TestApp.Secret, channelData is null ? $"{socketId}:{channelName}" : $"{socketId}:{channelName}:{channelData}")}";

    public static string User(string socketId, string userData) =>
        $"{TestApp.Key}:{Hmac(TestApp.Secret, $"{socketId}::user::{userData}")}";

    public static string SharedSecret(string channelName, byte[] masterKey) =>
        Convert.ToBase64String(SHA256.HashData([.. Encoding.UTF8.GetBytes(channelName), .. masterKey]));
}
