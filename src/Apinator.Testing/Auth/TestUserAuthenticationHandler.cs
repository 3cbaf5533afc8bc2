using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apinator.Testing;

/// <summary>Signs in whoever <see cref="TestUserAuthentication.UserHeader"/> names.</summary>
internal sealed class TestUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Headers[TestUserAuthentication.UserHeader].ToString();
        if (id.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());

        var name = Request.Headers[TestUserAuthentication.NameHeader].ToString();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name.Length == 0 ? id : name)],
            TestUserAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TestUserAuthentication.Scheme)));
    }
}
