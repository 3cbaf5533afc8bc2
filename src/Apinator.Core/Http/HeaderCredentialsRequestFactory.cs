using System.Net.Http.Headers;

namespace Apinator.Http;

/// <summary>
/// Header-credentials variant (e.g. Skubber): <c>X-Api-Key</c> and <c>X-Api-Secret</c> on every call.
/// Options validation refuses plain http:// to non-loopback hosts for it.
/// </summary>
internal sealed class HeaderCredentialsRequestFactory(ApinatorOptions options) : RequestFactory(options)
{
    private readonly string _secret = options.Secret;

    protected override void Authenticate(HttpRequestHeaders headers, string method, string path, ReadOnlySpan<byte> body, long timestamp)
    {
        headers.TryAddWithoutValidation("X-Api-Key", Key);
        headers.TryAddWithoutValidation("X-Api-Secret", _secret);
    }
}
