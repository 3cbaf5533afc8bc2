using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered an auth request: <see cref="Granted"/> or <see cref="Refused"/>.</summary>
/// <typeparam name="TGrant">What a grant carries.</typeparam>
public abstract class AuthResult<TGrant>
    where TGrant : class
{
    private protected AuthResult(HttpStatusCode statusCode, TGrant? granted, AuthRefusal? refused)
    {
        StatusCode = statusCode;
        Granted = granted;
        Refused = refused;
    }

    /// <summary>The app's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Whether the app granted the request (whatever its signature).</summary>
    public bool IsGranted => Granted is not null;

    /// <summary>The grant, when the app answered 2xx with a signed answer.</summary>
    public TGrant? Granted { get; }

    /// <summary>The refusal, when the app answered otherwise.</summary>
    public AuthRefusal? Refused { get; }

    /// <summary>What was asked for, for messages: <c>'private-x'</c> or <c>the user sign-in</c>.</summary>
    private protected abstract string Subject { get; }

    /// <summary>Asserts that the request was granted with a correct signature.</summary>
    /// <returns>The grant.</returns>
    /// <exception cref="ApinatorAssertionException">It was refused, or its signature is wrong.</exception>
    public TGrant EnsureGranted()
    {
        if (Granted is null) throw new ApinatorAssertionException($"Expected {Subject} to be granted, but the app refused it: {Refused}.");
        var (auth, verified) = Signature(Granted);
        if (!verified)
        {
            throw new ApinatorAssertionException($"{Subject} was granted but its signature does not verify with the app's key and secret (auth '{auth}'); the realtime service would refuse it.");
        }

        return Granted;
    }

    /// <summary>Asserts that the request was refused, optionally with a given status.</summary>
    /// <param name="expected">The expected status (e.g. 403), or null for any refusal.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ApinatorAssertionException">It was granted, or refused with another status.</exception>
    public AuthRefusal EnsureRefused(HttpStatusCode? expected = null)
    {
        if (Refused is null) throw new ApinatorAssertionException($"Expected {Subject} to be refused, but the app granted it (auth '{Signature(Granted!).Auth}').");
        if (expected is { } status && Refused.StatusCode != status)
        {
            throw new ApinatorAssertionException($"Expected {Subject} to be refused with {(int)status}, but the app answered {Refused}.");
        }

        return Refused;
    }

    /// <summary>The outcome in one line.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Granted is not null ? $"{Subject} granted" : $"{Subject} refused: {Refused}";

    private protected abstract (string Auth, bool Verified) Signature(TGrant grant);
}
