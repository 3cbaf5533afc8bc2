namespace Apinator;

/// <summary>
/// No answer arrived: the connection failed or the call timed out. <see cref="ApinatorException.StatusCode"/>
/// is 0 and <see cref="Exception.InnerException"/> holds the cause.
/// </summary>
public sealed class ApinatorNetworkException : ApinatorApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ApinatorNetworkException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
