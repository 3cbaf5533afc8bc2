using System.Globalization;

namespace Apinator.Signing;

/// <summary>
/// Pusher variant: <c>auth_key</c>, <c>auth_timestamp</c>, <c>auth_version</c>, <c>body_md5</c> and
/// <c>auth_signature</c> in the query string; the signature covers "{METHOD}\n{path}\n{sorted query}".
/// </summary>
internal sealed class PusherRequestSigner(string key, string secret) : RequestSigner(key, secret)
{
    public override HttpRequestMessage CreateRequest(HttpMethod method, Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte> body, long timestamp) =>
        NewRequest(method, baseAddress, path + "?" + SignedQuery(method.Method, path, query, body.Span, timestamp), body);

    /// <summary>The full query string, <c>auth_signature</c> last, values escaped for the URL.</summary>
    public string SignedQuery(string method, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlySpan<byte> body, long timestamp)
    {
        var count = 3 + (body.IsEmpty ? 0 : 1) + (query?.Count ?? 0);
        var parameters = new KeyValuePair<string, string>[count];
        var i = 0;
        parameters[i++] = new("auth_key", Key);
        parameters[i++] = new("auth_timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        parameters[i++] = new("auth_version", "1.0");
        if (!body.IsEmpty)
        {
            Span<char> md5 = stackalloc char[32];
            HmacSignature.WriteMd5Hex(body, md5);
            parameters[i++] = new("body_md5", new string(md5));
        }

        if (query is not null)
        {
            foreach (var pair in query)
            {
                if (pair.Key.StartsWith("auth_", StringComparison.OrdinalIgnoreCase) || pair.Key.Equals("body_md5", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApinatorValidationException($"Query parameter '{pair.Key}' is reserved for the request signature.", nameof(query));
                }

                parameters[i++] = new(pair.Key.ToLowerInvariant(), pair.Value);
            }
        }

        Array.Sort(parameters, static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        Span<byte> initial = stackalloc byte[Utf8Buffer.StackSize];
        var toSign = new Utf8Buffer(initial);
        var url = new System.Text.StringBuilder(256);
        try
        {
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

                // Signed unescaped (as the Node SDK and the servers do), sent escaped.
                toSign.Append(parameters[p].Key);
                toSign.Append((byte)'=');
                toSign.Append(parameters[p].Value);
                url.Append(parameters[p].Key).Append('=').Append(Uri.EscapeDataString(parameters[p].Value));
            }

            Span<char> signature = stackalloc char[HmacSignature.HexLength];
            HmacSignature.WriteHex(SecretBytes, toSign.Written, signature);
            return url.Append("&auth_signature=").Append(signature).ToString();
        }
        finally
        {
            toSign.Dispose();
        }
    }
}
