using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered a channel authorization: <see cref="Granted"/> or <see cref="Refused"/>.</summary>
public sealed class ChannelAuthResult
{
    internal ChannelAuthResult(string channel, HttpStatusCode statusCode, ChannelAuthGrant? granted, AuthRefusal? refused)
    {
        Channel = channel;
        StatusCode = statusCode;
        Granted = granted;
        Refused = refused;
    }

    /// <summary>The channel asked for.</summary>
    public string Channel { get; }

    /// <summary>The app's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Whether the app granted the channel (whatever its signature).</summary>
    public bool IsGranted => Granted is not null;

    /// <summary>The grant, when the app answered 2xx with an authorization.</summary>
    public ChannelAuthGrant? Granted { get; }

    /// <summary>The refusal, when the app answered otherwise.</summary>
    public AuthRefusal? Refused { get; }

    /// <summary>Asserts that the channel was granted with a correct signature.</summary>
    /// <returns>The grant.</returns>
    /// <exception cref="ApinatorAssertionException">It was refused, or its signature is wrong.</exception>
    public ChannelAuthGrant EnsureGranted()
    {
        if (Granted is null) throw new ApinatorAssertionException($"Expected '{Channel}' to be granted, but the app refused it: {Refused}.");
        if (!Granted.SignatureVerified)
        {
            throw new ApinatorAssertionException($"'{Channel}' was granted but its signature does not verify with the app's key and secret (auth '{Granted.Auth}'); the realtime service would refuse the subscription.");
        }

        return Granted;
    }

    /// <summary>Asserts that the channel was refused, optionally with a given status.</summary>
    /// <param name="expected">The expected status (e.g. 403), or null for any refusal.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ApinatorAssertionException">It was granted, or refused with another status.</exception>
    public AuthRefusal EnsureRefused(HttpStatusCode? expected = null)
    {
        if (Refused is null) throw new ApinatorAssertionException($"Expected '{Channel}' to be refused, but the app granted it (auth '{Granted!.Auth}').");
        if (expected is { } status && Refused.StatusCode != status)
        {
            throw new ApinatorAssertionException($"Expected '{Channel}' to be refused with {(int)status}, but the app answered {Refused}.");
        }

        return Refused;
    }

    /// <summary>The outcome in one line.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => Granted is not null ? $"'{Channel}' granted" : $"'{Channel}' refused: {Refused}";
}
