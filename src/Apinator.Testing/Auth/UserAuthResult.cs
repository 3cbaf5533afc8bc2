using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered a user sign-in: <see cref="Granted"/> or <see cref="Refused"/>.</summary>
public sealed class UserAuthResult
{
    internal UserAuthResult(HttpStatusCode statusCode, UserAuthGrant? granted, AuthRefusal? refused)
    {
        StatusCode = statusCode;
        Granted = granted;
        Refused = refused;
    }

    /// <summary>The app's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Whether the app signed the user in (whatever its signature).</summary>
    public bool IsGranted => Granted is not null;

    /// <summary>The grant, when the app answered 2xx with a signed user.</summary>
    public UserAuthGrant? Granted { get; }

    /// <summary>The refusal, when the app answered otherwise.</summary>
    public AuthRefusal? Refused { get; }

    /// <summary>Asserts that the user was signed in with a correct signature.</summary>
    /// <returns>The grant.</returns>
    /// <exception cref="ApinatorAssertionException">It was refused, or its signature is wrong.</exception>
    public UserAuthGrant EnsureGranted()
    {
        if (Granted is null) throw new ApinatorAssertionException($"Expected the user to be signed in, but the app refused: {Refused}.");
        if (!Granted.SignatureVerified)
        {
            throw new ApinatorAssertionException($"The user was signed in but the signature does not verify with the app's key and secret (auth '{Granted.Auth}'); the realtime service would refuse the sign-in.");
        }

        return Granted;
    }

    /// <summary>Asserts that the sign-in was refused, optionally with a given status.</summary>
    /// <param name="expected">The expected status (e.g. 403), or null for any refusal.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ApinatorAssertionException">It was granted, or refused with another status.</exception>
    public AuthRefusal EnsureRefused(HttpStatusCode? expected = null)
    {
        if (Refused is null) throw new ApinatorAssertionException($"Expected the sign-in to be refused, but the app signed the user in (auth '{Granted!.Auth}').");
        if (expected is { } status && Refused.StatusCode != status)
        {
            throw new ApinatorAssertionException($"Expected the sign-in to be refused with {(int)status}, but the app answered {Refused}.");
        }

        return Refused;
    }

    /// <summary>The outcome in one line.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Granted is not null ? $"signed in as '{Granted.UserId}'" : $"sign-in refused: {Refused}";
}
