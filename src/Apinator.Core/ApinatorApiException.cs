namespace Apinator;

/// <summary>
/// The service answered with an error status other than 400, 401, 403 or 422 (e.g. 404, 429, 5xx),
/// or with a body that could not be read.
/// </summary>
public class ApinatorApiException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the service said.</param>
    public ApinatorApiException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ApinatorApiException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
