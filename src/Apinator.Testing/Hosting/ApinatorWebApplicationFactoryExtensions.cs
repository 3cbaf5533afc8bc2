using Apinator.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apinator.Testing;

/// <summary>Test clients for an app hosted with <see cref="WebApplicationFactory{TEntryPoint}"/>, configured from the app's own settings.</summary>
public static class ApinatorWebApplicationFactoryExtensions
{
    /// <summary>
    /// A client that posts webhook deliveries signed as the service would, with the app's
    /// <see cref="ApinatorOptions"/> (protocol, key, webhook secret), dated by the app's
    /// <see cref="TimeProvider"/>, and expired past the app's maximum age when asked.
    /// </summary>
    /// <typeparam name="TEntryPoint">The app's entry point.</typeparam>
    /// <param name="factory">The hosted app.</param>
    /// <param name="path">The route given to <c>MapApinatorWebhooks</c>.</param>
    /// <returns>The client.</returns>
    public static WebhookTestClient CreateWebhookClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string path = WebhookTestClient.DefaultPath)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var services = factory.Services;
        var maxAge = services.GetService<IOptions<ApinatorWebhookOptions>>()?.Value.MaxAge;
        return new WebhookTestClient(factory.CreateClient(), AppOptions(services), services.GetService<TimeProvider>(), path)
        {
            ExpiredAge = (maxAge ?? Webhooks.WebhookVerifier.DefaultMaxAge) + TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>
    /// A client that asks the app's channel-auth and user-auth endpoints as a browser would and checks
    /// the signatures with the app's settings.
    /// </summary>
    /// <typeparam name="TEntryPoint">The app's entry point.</typeparam>
    /// <param name="factory">The hosted app.</param>
    /// <param name="httpClient">The client to send with, e.g. one that holds a sign-in cookie; a new one when null.</param>
    /// <returns>The client.</returns>
    public static AuthTestClient CreateAuthClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, HttpClient? httpClient = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new AuthTestClient(httpClient ?? factory.CreateClient(), AppOptions(factory.Services));
    }

    private static ApinatorOptions AppOptions(IServiceProvider services) =>
        services.GetService<IOptions<ApinatorOptions>>()?.Value
        ?? throw new InvalidOperationException("The app has no ApinatorOptions: call services.AddApinator(…) in it.");
}
