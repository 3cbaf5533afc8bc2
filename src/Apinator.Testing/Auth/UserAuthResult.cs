using System.Net;

namespace Apinator.Testing;

/// <summary>How the app answered a user sign-in: <see cref="AuthResult{TGrant}.Granted"/> or <see cref="AuthResult{TGrant}.Refused"/>.</summary>
public sealed class UserAuthResult : AuthResult<UserAuthGrant>
{
    internal UserAuthResult(HttpStatusCode statusCode, UserAuthGrant? granted, AuthRefusal? refused)
        : base(statusCode, granted, refused)
    {
    }

    private protected override string Subject => "the user sign-in";

    private protected override (string Auth, bool Verified) Signature(UserAuthGrant grant) => (grant.Auth, grant.SignatureVerified);
}
