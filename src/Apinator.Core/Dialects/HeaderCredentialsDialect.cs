namespace Apinator.Dialects;

/// <summary>
/// Pusher-compatible hosts that take credentials in headers (e.g. Skubber, PROTOCOL.md §2): every
/// REST call carries <c>X-Api-Key</c> and <c>X-Api-Secret</c> and nothing is signed, so the secret
/// travels on every call and the base address must be https (plain http only to loopback). Self-hosted:
/// no cluster address. Webhooks, bodies and answers as Pusher's.
/// </summary>
internal sealed class HeaderCredentialsDialect(ApinatorProtocol protocol) : PusherDialect(protocol)
{
    internal override RequestSigner CreateSigner(ApinatorOptions options) => new Signer(options);

    internal override bool OffersClusterAddress => false;

    internal override bool OffersSignalRTokens => true;

    internal override void ValidateAddress(Uri baseAddress, List<string> errors)
    {
        // The secret itself travels in a header on every call; over plain HTTP anyone on the path could read it.
        if (baseAddress.Scheme == Uri.UriSchemeHttp && !baseAddress.IsLoopback)
        {
            errors.Add($"Apinator:BaseAddress must use https:// with Protocol {Name}, which sends the secret on every request (plain http:// is only allowed to loopback hosts).");
        }
    }

    /// <summary>Puts the key and the secret in headers: no HMAC key, since nothing is signed.</summary>
    private sealed class Signer(ApinatorOptions options) : RequestSigner(options)
    {
        private readonly string _secret = options.Secret;

        public override HttpRequestMessage Create(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, long timestamp)
        {
            var request = NewRequest(method, UnsignedUri(path, query), body);
            request.Headers.TryAddWithoutValidation("X-Api-Key", Key);
            request.Headers.TryAddWithoutValidation("X-Api-Secret", _secret);
            return request;
        }
    }
}
