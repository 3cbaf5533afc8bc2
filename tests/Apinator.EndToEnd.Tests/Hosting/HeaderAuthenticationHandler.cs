using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apinator.EndToEnd.Hosting;

/// <summary>
/// The test app's sign-in: <c>X-Test-User: alice</c> makes the request's user <c>alice</c>
/// (NameIdentifier and Name; <c>X-Test-Name</c> overrides the name). driver.mjs sends these headers
/// on its auth requests through its <c>authHeaders</c> setting.
/// </summary>
public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "TestHeader";

    /// <summary>The header carrying the user id.</summary>
    public const string UserHeader = "X-Test-User";

    /// <summary>The header carrying the display name (optional).</summary>
    public const string NameHeader = "X-Test-Name";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers[UserHeader].ToString();
        if (string.IsNullOrEmpty(user)) return Task.FromResult(AuthenticateResult.NoResult());
        var name = Request.Headers[NameHeader].ToString();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, string.IsNullOrEmpty(name) ? user : name)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
