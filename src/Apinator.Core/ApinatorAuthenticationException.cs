namespace Apinator;

/// <summary>
/// The service refused the call's credentials (HTTP 401 or 403): wrong key or secret, a clock too
/// far off, or an app that may not do this.
/// </summary>
public sealed class ApinatorAuthenticationException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the service said.</param>
    public ApinatorAuthenticationException(string message) : base(message)
    {
    }
}
