namespace Apinator.Skubber;

/// <summary>
/// A SignalR token from Skubber's <c>POST /api/auth/signalr-token</c>: what a browser connects to
/// Skubber's <c>/push</c> hub with. It holds no secret, but it is a bearer credential until
/// <see cref="ExpiresAt"/>, so <see cref="ToString"/> never shows it.
/// </summary>
public sealed class SkubberToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="token">The JWT as Skubber issued it.</param>
    /// <param name="expiresAt">When it stops being accepted: its <c>exp</c> claim, or one hour after it was fetched.</param>
    public SkubberToken(string token, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        Token = token;
        ExpiresAt = expiresAt;
    }

    /// <summary>The JWT, for SignalR's <c>accessTokenFactory</c> (sent as <c>access_token</c>).</summary>
    public string Token { get; }

    /// <summary>When the token stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>A description without the token itself, safe to log.</summary>
    /// <returns>The expiry only.</returns>
    public override string ToString() => $"SkubberToken {{ Token = ***, ExpiresAt = {ExpiresAt:O} }}";
}
