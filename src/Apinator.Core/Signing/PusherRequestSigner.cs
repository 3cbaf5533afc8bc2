using System.Buffers;
using System.Globalization;

namespace Apinator.Signing;

/// <summary>
/// Pusher variant: <c>auth_key</c>, <c>auth_timestamp</c>, <c>auth_version</c>, <c>body_md5</c> and
/// <c>auth_signature</c> in the query string; the signature covers "{METHOD}\n{path}\n{sorted query}".
/// </summary>
internal sealed class PusherRequestSigner(string key, string secret) : RequestSigner(key, secret)
{
    public override HttpRequestMessage CreateRequest(HttpMethod method, Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte> body, long timestamp)
    {
        var url = new CharBuffer(stackalloc char[CharBuffer.StackSize]);
        try
        {
            url.Append(path);
            url.Append('?');
            WriteSignedQuery(ref url, method.Method, path, query, body.Span, timestamp);
            return NewRequest(method, baseAddress, url.Written, body);
        }
        finally
        {
            url.Dispose();
        }
    }

    /// <summary>The full query string, <c>auth_signature</c> last, values escaped for the URL.</summary>
    public string SignedQuery(string method, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlySpan<byte> body, long timestamp)
    {
        var url = new CharBuffer(stackalloc char[CharBuffer.StackSize]);
        try
        {
            WriteSignedQuery(ref url, method, path, query, body, timestamp);
            return url.ToString();
        }
        finally
        {
            url.Dispose();
        }
    }

    private void WriteSignedQuery(ref CharBuffer url, string method, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlySpan<byte> body, long timestamp)
    {
        // The timestamp and body digest are formatted on the stack; parameters refer to them by kind.
        Span<char> timestampText = stackalloc char[20];
        timestamp.TryFormat(timestampText, out var timestampLength, default, CultureInfo.InvariantCulture);
        timestampText = timestampText[..timestampLength];
        Span<char> md5 = stackalloc char[BodyMd5.HexLength];
        if (!body.IsEmpty) BodyMd5.WriteHex(body, md5);

        var queryCount = query?.Count ?? 0;
        var count = 3 + (body.IsEmpty ? 0 : 1) + queryCount;
        var rented = ArrayPool<Parameter>.Shared.Rent(count);
        var parameters = rented.AsSpan(0, count);
        Span<byte> initial = stackalloc byte[Utf8Buffer.StackSize];
        var toSign = new Utf8Buffer(initial);
        try
        {
            var i = 0;
            parameters[i++] = new("auth_key", Key);
            parameters[i++] = new("auth_timestamp", null, ValueSource.Timestamp);
            parameters[i++] = new("auth_version", "1.0");
            if (!body.IsEmpty) parameters[i++] = new("body_md5", null, ValueSource.BodyMd5);
            // Indexed, not foreach: enumerating the interface would allocate an enumerator per call.
            for (var q = 0; q < queryCount; q++)
            {
                var (name, value) = query![q];
                if (name.StartsWith("auth_", StringComparison.OrdinalIgnoreCase) || name.Equals("body_md5", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApinatorValidationException($"Query parameter '{name}' is reserved for the request signature.", nameof(query));
                }

                parameters[i++] = new(name.ToLowerInvariant(), value);
            }

            parameters.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

            toSign.Append(method);
            toSign.Append((byte)'\n');
            toSign.Append(path);
            toSign.Append((byte)'\n');
            for (var p = 0; p < parameters.Length; p++)
            {
                if (p > 0)
                {
                    toSign.Append((byte)'&');
                    url.Append('&');
                }

                var value = parameters[p].Source switch
                {
                    ValueSource.Timestamp => timestampText,
                    ValueSource.BodyMd5 => md5,
                    _ => parameters[p].Value.AsSpan(),
                };

                // Signed unescaped (as the Node SDK and the servers do), sent escaped.
                toSign.Append(parameters[p].Key);
                toSign.Append((byte)'=');
                toSign.Append(value);
                url.Append(parameters[p].Key);
                url.Append('=');
                url.AppendEscaped(value);
            }

            Span<char> signature = stackalloc char[HmacKey.HexLength];
            Secret.WriteHex(toSign.Written, signature);
            url.Append("&auth_signature=");
            url.Append(signature);
        }
        finally
        {
            toSign.Dispose();
            ArrayPool<Parameter>.Shared.Return(rented, clearArray: true);
        }
    }

    private enum ValueSource
    {
        Text,
        Timestamp,
        BodyMd5,
    }

    private readonly record struct Parameter(string Key, string? Value, ValueSource Source = ValueSource.Text);
}
