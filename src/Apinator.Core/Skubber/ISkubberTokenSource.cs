namespace Apinator.Skubber;

/// <summary>
/// Hands out the SignalR token Skubber's browsers connect with, fetched server-side with the app's
/// API key and secret so the secret never reaches a browser. Registered by <c>AddApinator</c> when
/// <see cref="ApinatorOptions.Protocol"/> is <see cref="ApinatorProtocol.HeaderCredentials"/>;
/// substitute it in tests.
/// </summary>
public interface ISkubberTokenSource
{
    /// <summary>
    /// A token with at least a fifth of its life left: the cached one, or a new one fetched once for
    /// every caller waiting at the time.
    /// </summary>
    /// <param name="cancellationToken">Stops this caller waiting; a fetch others wait on goes on.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ApinatorAuthenticationException">Skubber refused the key and secret (401/403).</exception>
    /// <exception cref="ApinatorNetworkException">Skubber could not be reached or did not answer in time.</exception>
    /// <exception cref="ApinatorApiException">Skubber answered with another error, or with no token.</exception>
    ValueTask<SkubberToken> GetTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The hub URL a browser connects to for <paramref name="userId"/>: <c>{base}/push?userId={id}</c>,
    /// without the token (SignalR's <c>accessTokenFactory</c> adds it as <c>access_token</c>).
    /// </summary>
    /// <param name="userId">The server-side user's id; never one a browser chose.</param>
    /// <returns>The absolute hub URL.</returns>
    Uri GetHubUrl(string userId);
}
