using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.Hosting;

/// <summary>
/// A test scheme: a request carrying <c>X-Test-User</c> is signed in as that id (and
/// <c>X-Test-Name</c> as its name, else the id); any other request is anonymous.
/// </summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string UserHeader = "X-Test-User";
    public const string NameHeader = "X-Test-Name";
    public const string EmailHeader = "X-Test-Email";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Headers[UserHeader].ToString();
        if (id.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());

        var name = Request.Headers[NameHeader].ToString();
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name.Length == 0 ? id : name) };
        var email = Request.Headers[EmailHeader].ToString();
        if (email.Length > 0) claims.Add(new Claim(ClaimTypes.Email, email));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
