namespace Apinator;

/// <summary>
/// An end-to-end encrypted payload could not be produced or opened: no master key configured, a
/// malformed payload, tampered ciphertext or the wrong key. No plaintext is ever returned with it.
/// </summary>
public sealed class ApinatorEncryptionException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ApinatorEncryptionException(string message) : base(message)
    {
    }
}
