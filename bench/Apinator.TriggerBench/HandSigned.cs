using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Apinator.TriggerBench;

/// <summary>
/// A Pusher trigger signed on every call the way a careful hand-written integration would: the body
/// pre-serialized (so only signing is compared), its MD5, the sorted query, HMAC-SHA256 with the
/// framework's one-shot APIs, and the URL. What a signed call cannot avoid, without the client's checks.
/// </summary>
internal sealed class HandSigned(CapturedRequest captured, string key, string secret)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);
    private readonly string _origin = captured.Uri.GetLeftPart(UriPartial.Authority);
    private readonly string _path = captured.Uri.AbsolutePath;

    public HttpRequestMessage Next(bool http2)
    {
        var md5 = Convert.ToHexStringLower(MD5.HashData(captured.Body));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var query = $"auth_key={key}&auth_timestamp={timestamp}&auth_version=1.0&body_md5={md5}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"POST\n{_path}\n{query}")));
        return captured.ToRequest(http2, new Uri($"{_origin}{_path}?{query}&auth_signature={signature}"));
    }
}
