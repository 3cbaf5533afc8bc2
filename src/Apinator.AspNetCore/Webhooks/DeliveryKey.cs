using System.Security.Cryptography;
using System.Text;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The store key of a verified delivery, derived from exactly what the service signed: a replay
/// carries the same signed bytes, so it has the same key, whatever else (header case, a
/// <c>sha256=</c> prefix, an upper-case hex signature) the replayer changed.
/// </summary>
internal static class DeliveryKey
{
    private const string Prefix = "apinator:webhook:";

    /// <summary>
    /// Apinator: SHA-256 of <c>{X-Realtime-Timestamp}.{raw body}</c>; Pusher: SHA-256 of the raw body,
    /// which carries <c>time_ms</c>. The app id keeps apps that share one store apart.
    /// </summary>
    public static string For(ApinatorProtocol protocol, string appId, string? timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (protocol == ApinatorProtocol.Apinator)
        {
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hasher.AppendData(Encoding.UTF8.GetBytes(timestamp ?? ""));
            hasher.AppendData("."u8);
            hasher.AppendData(body);
            hasher.GetHashAndReset(hash);
        }
        else
        {
            SHA256.HashData(body, hash);
        }

        return string.Concat(Prefix, appId, ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>The key of one event's progress mark within a multi-event delivery.</summary>
    public static string ForEvent(string deliveryKey, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{deliveryKey}:{index}");
}
