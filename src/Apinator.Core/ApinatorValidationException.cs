namespace Apinator;

/// <summary>
/// An input broke a rule of the protocol. Raised locally before anything is signed or sent
/// (<see cref="ApinatorException.StatusCode"/> 0), or by the service with HTTP 400 or 422.
/// </summary>
public sealed class ApinatorValidationException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which input is wrong and why.</param>
    /// <param name="parameterName">The parameter that carried the input, when found locally.</param>
    public ApinatorValidationException(string message, string? parameterName = null) : base(message)
    {
        ParameterName = parameterName;
    }

    /// <summary>The name of the parameter that carried the bad input, when the check was local.</summary>
    public string? ParameterName { get; }
}
