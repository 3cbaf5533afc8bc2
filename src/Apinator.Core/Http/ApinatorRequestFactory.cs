using System.Globalization;
using System.Net.Http.Headers;
using Apinator.Buffers;
using Apinator.Signing;

namespace Apinator.Http;

/// <summary>
/// Apinator variant: <c>X-Realtime-Key</c>, <c>X-Realtime-Timestamp</c> and <c>X-Realtime-Signature</c> =
/// hex HMAC-SHA256(secret, "{timestamp}\n{METHOD}\n{path}\n{body_md5 or empty}"). The query is not signed.
/// </summary>
internal sealed class ApinatorRequestFactory(ApinatorOptions options) : RequestFactory(options)
{
    protected override void Authenticate(HttpRequestHeaders headers, string method, string path, ReadOnlySpan<byte> body, long timestamp)
    {
        headers.TryAddWithoutValidation("X-Realtime-Key", Key);
        headers.TryAddWithoutValidation("X-Realtime-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("X-Realtime-Signature", Signature(timestamp, method, path, body));
    }

    /// <summary>The <c>X-Realtime-Signature</c> value.</summary>
    internal string Signature(long timestamp, string method, string path, ReadOnlySpan<byte> body)
    {
        var toSign = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        try
        {
            toSign.AppendUtf8(timestamp);
            toSign.Append((byte)'\n');
            toSign.AppendUtf8(method);
            toSign.Append((byte)'\n');
            toSign.AppendUtf8(path);
            toSign.Append((byte)'\n');
            if (!body.IsEmpty)
            {
                // Empty string, not the MD5 of nothing, when there is no body.
                Span<char> md5 = stackalloc char[BodyMd5.HexLength];
                BodyMd5.WriteHex(body, md5);
                toSign.AppendUtf8(md5);
            }

            return Secret.ToHex(toSign.Written);
        }
        finally
        {
            toSign.Dispose();
        }
    }
}
