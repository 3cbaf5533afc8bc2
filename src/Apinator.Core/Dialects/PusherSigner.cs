using System.Buffers;
using System.Globalization;
using Apinator.Buffers;
using Apinator.Signing;

namespace Apinator.Dialects;

/// <summary>
/// Pusher's request signature: <c>auth_key</c>, <c>auth_timestamp</c>, <c>auth_version</c>, <c>body_md5</c>
/// and <c>auth_signature</c> in the query string; the signature covers "{METHOD}\n{path}\n{sorted query}".
/// </summary>
internal sealed class PusherSigner(ApinatorOptions options) : RequestSigner(options)
{
    private readonly HmacKey _secret = new(options.Secret);

    public override HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, long timestamp) =>
        NewRequest(method, BuiltUri(Url(method.Method, path, query, body.Span, timestamp), path), body);

    /// <summary>The absolute URL: origin, path, the call's query and the signature parameters.</summary>
    internal string Url(string method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlySpan<byte> body, long timestamp)
    {
        var url = StartUrl(path, stackalloc char[SpanBuilder<char>.StackSize]);
        try
        {
            url.Append('?');
            WriteSignedQuery(ref url, method, path, query, body, timestamp);
            return new string(url.Written);
        }
        finally
        {
            url.Dispose();
        }
    }

    private void WriteSignedQuery(ref SpanBuilder<char> url, string method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlySpan<byte> body, long timestamp)
    {
        // The timestamp and body digest are formatted on the stack; parameters refer to them by kind.
        Span<char> timestampText = stackalloc char[20];
        timestamp.TryFormat(timestampText, out var timestampLength, default, CultureInfo.InvariantCulture);
        timestampText = timestampText[..timestampLength];
        Span<char> md5 = stackalloc char[BodyMd5.HexLength];
        if (!body.IsEmpty) BodyMd5.WriteHex(body, md5);

        var count = 3 + (body.IsEmpty ? 0 : 1) + query.Count;
        var rented = ArrayPool<Parameter>.Shared.Rent(count);
        var parameters = rented.AsSpan(0, count);
        var toSign = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        try
        {
            var i = 0;
            parameters[i++] = new("auth_key", Key);
            parameters[i++] = new("auth_timestamp", null, ValueSource.Timestamp);
            parameters[i++] = new("auth_version", "1.0");
            if (!body.IsEmpty) parameters[i++] = new("body_md5", null, ValueSource.BodyMd5);
            for (var q = 0; q < query.Count; q++)
            {
                var (name, value) = query[q];
                if (name.StartsWith("auth_", StringComparison.OrdinalIgnoreCase) || name.Equals("body_md5", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApinatorValidationException($"Query parameter '{name}' is reserved for the request signature.", nameof(query));
                }

                parameters[i++] = new(name.ToLowerInvariant(), value);
            }

            parameters.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

            AppendMethodAndPath(ref toSign, method, path);
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
                toSign.AppendUtf8(parameters[p].Key);
                toSign.Append((byte)'=');
                toSign.AppendUtf8(value);
                url.Append(parameters[p].Key);
                url.Append('=');
                url.AppendEscaped(value);
            }

            Span<char> signature = stackalloc char[HmacKey.HexLength];
            _secret.WriteHex(toSign.Written, signature);
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
