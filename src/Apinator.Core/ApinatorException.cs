namespace Apinator;

/// <summary>
/// The base of every error this library raises. Messages are written for a person to act on and
/// never contain the app secret.
/// </summary>
public class ApinatorException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public ApinatorException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public ApinatorException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>
    /// The HTTP status the service answered with; 0 when the error was found locally or no answer
    /// arrived.
    /// </summary>
    public int StatusCode { get; init; }

    /// <summary>The raw body of the service's answer, when there was one.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The <c>code</c> member of the service's RFC 7807 problem document, when it had one.</summary>
    public string? ProblemCode { get; init; }

    /// <summary>
    /// How long the service asked the caller to wait before trying again (its <c>Retry-After</c> on a
    /// 429 or 503), or null when it said nothing.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}
