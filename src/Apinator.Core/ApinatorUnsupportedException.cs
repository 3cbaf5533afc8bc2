namespace Apinator;

/// <summary>
/// A call or option needs a protocol extension that the configured service does not speak (e.g.
/// history or an idempotency key against Pusher). Raised before anything is signed or sent
/// (<see cref="ApinatorException.StatusCode"/> 0); the message names the protocol that offers it.
/// </summary>
public sealed class ApinatorUnsupportedException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="feature">What was asked for, e.g. "Channel history".</param>
    /// <param name="configured">The protocol the client is configured with.</param>
    /// <param name="offeredBy">The protocol that offers <paramref name="feature"/>.</param>
    public ApinatorUnsupportedException(string feature, ApinatorProtocol configured, ApinatorProtocol offeredBy)
        : base($"{feature} is a {offeredBy} extension, but this client speaks {configured}. Nothing was sent. Set Apinator:Protocol to {offeredBy} if the service is {offeredBy}.")
    {
        Configured = configured;
        OfferedBy = offeredBy;
    }

    /// <summary>The protocol the client is configured with.</summary>
    public ApinatorProtocol Configured { get; }

    /// <summary>The protocol that offers the feature.</summary>
    public ApinatorProtocol OfferedBy { get; }
}
