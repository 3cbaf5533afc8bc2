using System.Globalization;

namespace Apinator.Signing;

/// <summary>
/// Apinator variant: <c>X-Realtime-Key</c>, <c>X-Realtime-Timestamp</c> and <c>X-Realtime-Signature</c> =
/// hex HMAC-SHA256(secret, "{timestamp}\n{METHOD}\n{path}\n{body_md5 or empty}"). The query is not signed.
/// </summary>
internal sealed class ApinatorRequestSigner(string key, string secret) : RequestSigner(key, secret)
{
    public override HttpRequestMessage CreateRequest(HttpMethod method, Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte> body, long timestamp)
    {
        var request = NewRequest(method, baseAddress, AppendQuery(path, query), body);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("X-Realtime-Key", Key);
        headers.TryAddWithoutValidation("X-Realtime-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("X-Realtime-Signature", Sign(timestamp, method.Method, path, body.Span));
        return request;
    }

    public string Sign(long timestamp, string method, string path, ReadOnlySpan<byte> body)
    {
        Span<byte> initial = stackalloc byte[Utf8Buffer.StackSize];
        var buffer = new Utf8Buffer(initial);
        try
        {
            buffer.Append(timestamp);
            buffer.Append((byte)'\n');
            buffer.Append(method);
            buffer.Append((byte)'\n');
            buffer.Append(path);
            buffer.Append((byte)'\n');
            if (!body.IsEmpty)
            {
                // Empty string, not the MD5 of nothing, when there is no body.
                Span<char> md5 = stackalloc char[BodyMd5.HexLength];
                BodyMd5.WriteHex(body, md5);
                buffer.Append(md5);
            }

            return Secret.ToHex(buffer.Written);
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
