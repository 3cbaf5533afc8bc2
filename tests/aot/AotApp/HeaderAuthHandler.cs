using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AotApp;

/// <summary>
/// A stand-in for the app's real sign-in: <c>X-Aot-User</c> signs the request in as that id
/// (<c>X-Aot-Name</c> its name, else the id); without it the request is anonymous.
/// </summary>
public sealed class HeaderAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Header";
    public const string UserHeader = "X-Aot-User";
    public const string NameHeader = "X-Aot-Name";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Headers[UserHeader].ToString();
        if (id.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());

        var name = Request.Headers[NameHeader].ToString();
        Claim[] claims = [new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name.Length == 0 ? id : name)];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
