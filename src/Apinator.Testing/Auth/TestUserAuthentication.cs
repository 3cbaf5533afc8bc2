using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.Testing;

/// <summary>
/// A test authentication scheme: a request carrying <see cref="UserHeader"/> is signed in as that
/// user, any other is anonymous. Register it in <c>ConfigureTestServices</c> with
/// <see cref="AddTestUserAuthentication"/> and use <see cref="AuthTestClient.AsUser"/>.
/// Never register it outside tests: anyone could claim to be anyone.
/// </summary>
public static class TestUserAuthentication
{
    /// <summary>The scheme's name.</summary>
    public const string Scheme = "ApinatorTestUser";

    /// <summary>The header naming the user's id (the <c>NameIdentifier</c> claim).</summary>
    public const string UserHeader = "X-Test-User";

    /// <summary>The header naming the user's display name (the <c>Name</c> claim); the id when absent.</summary>
    public const string NameHeader = "X-Test-Name";

    /// <summary>
    /// Adds the test scheme and makes it the default for authenticating, challenging and forbidding, so
    /// endpoints with <c>RequireAuthorization()</c> and the Apinator auth endpoints see the test user.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddTestUserAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(Scheme, null);
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = Scheme;
            options.DefaultAuthenticateScheme = Scheme;
            options.DefaultChallengeScheme = Scheme;
            options.DefaultForbidScheme = Scheme;
            options.DefaultSignInScheme = null;
        });
        return builder;
    }
}
