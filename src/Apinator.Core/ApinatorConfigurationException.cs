namespace Apinator;

/// <summary>A setting is missing or malformed. The message names the setting, never its secret value.</summary>
public sealed class ApinatorConfigurationException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which setting is wrong and how to fix it.</param>
    public ApinatorConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">Which setting is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ApinatorConfigurationException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
