using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered a channel authorization: <see cref="AuthResult{TGrant}.Granted"/> or <see cref="AuthResult{TGrant}.Refused"/>.</summary>
public sealed class ChannelAuthResult : AuthResult<ChannelAuthGrant>
{
    internal ChannelAuthResult(string channel, HttpStatusCode statusCode, ChannelAuthGrant? granted, AuthRefusal? refused)
        : base(statusCode, granted, refused) => Channel = channel;

    /// <summary>The channel asked for.</summary>
    public string Channel { get; }

    private protected override string Subject => $"'{Channel}'";

    private protected override (string Auth, bool Verified) Signature(ChannelAuthGrant grant) => (grant.Auth, grant.SignatureVerified);
}
