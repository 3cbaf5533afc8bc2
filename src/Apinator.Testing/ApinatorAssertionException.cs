namespace Apinator.Testing;

/// <summary>
/// An expectation of the test kit was not met. Any test framework reports it as a failure; the
/// message lists what was actually sent or answered, so the failure explains itself.
/// </summary>
public sealed class ApinatorAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened instead.</param>
    public ApinatorAssertionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened instead.</param>
    /// <param name="innerException">The failure that caused it.</param>
    public ApinatorAssertionException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ApinatorAssertionException() : base("An Apinator test expectation was not met.")
    {
    }
}
