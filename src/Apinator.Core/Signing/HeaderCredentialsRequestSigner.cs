namespace Apinator.Signing;

/// <summary>
/// Header-credentials variant (e.g. Skubber): <c>X-Api-Key</c> and <c>X-Api-Secret</c> on every call.
/// Options validation refuses plain http:// to non-loopback hosts for it.
/// </summary>
internal sealed class HeaderCredentialsRequestSigner(string key, string secret) : RequestSigner(key, secret)
{
    private readonly string _secret = secret;

    public override HttpRequestMessage CreateRequest(HttpMethod method, Uri baseAddress, string path, IReadOnlyList<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte> body, long timestamp)
    {
        var request = NewRequest(method, baseAddress, AppendQuery(path, query), body);
        request.Headers.TryAddWithoutValidation("X-Api-Key", Key);
        request.Headers.TryAddWithoutValidation("X-Api-Secret", _secret);
        return request;
    }
}
