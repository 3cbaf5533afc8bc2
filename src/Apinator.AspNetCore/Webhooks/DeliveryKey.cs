using System.Security.Cryptography;
using Apinator.Dialects;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The store key of a verified delivery, derived from exactly what the service signed (the dialect
/// says what that is): a replay carries the same signed bytes, so it has the same key, whatever else
/// (header case, a <c>sha256=</c> prefix, an upper-case hex signature) the replayer changed.
/// </summary>
internal static class DeliveryKey
{
    private const string Prefix = "apinator:webhook:";

    /// <summary>The key of a delivery: SHA-256 of what the dialect signs; the app id keeps apps that share one store apart.</summary>
    public static string For(ServiceDialect dialect, string appId, Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        dialect.HashDelivery(getHeader, body, hash);
        return string.Concat(Prefix, appId, ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>The key of one event's progress mark within a multi-event delivery.</summary>
    public static string ForEvent(string deliveryKey, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{deliveryKey}:{index}");
}
