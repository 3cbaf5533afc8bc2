using Apinator;
using Apinator.AspNetCore;
using Apinator.AspNetCore.Hosting;
using Apinator.AspNetCore.Http;
using Apinator.AspNetCore.Webhooks;
using Apinator.Channels;
using Apinator.Skubber;
using Apinator.Sockudo;
using Apinator.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Apinator in an app's services.</summary>
public static class ApinatorServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> <see cref="IApinator"/> uses.</summary>
    public const string HttpClientName = "Apinator";

    /// <summary>
    /// Registers <see cref="IApinator"/> with settings bound from <paramref name="configuration"/>
    /// (e.g. <c>builder.Configuration.GetSection("Apinator")</c>; webhook settings from its
    /// <c>Webhooks</c> sub-section), validated at start-up.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>A builder for channel rules, user data and the HTTP client.</returns>
    public static ApinatorBuilder AddApinator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApinatorOptions>().Configure(options => OptionsBinding.Bind(configuration, options));
        services.AddOptions<ApinatorWebhookOptions>().Configure(options => OptionsBinding.Bind(configuration.GetSection("Webhooks"), options));
        return AddCore(services);
    }

    /// <summary>Registers <see cref="IApinator"/> with settings made in code, validated at start-up.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for channel rules, user data and the HTTP client.</returns>
    public static ApinatorBuilder AddApinator(this IServiceCollection services, Action<ApinatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ApinatorOptions>().Configure(configure);
        return AddCore(services);
    }

    private static ApinatorBuilder AddCore(IServiceCollection services)
    {
        services.TryAddSingleton<ApinatorMarkerService>();
        services.AddOptions<ApinatorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApinatorOptions>, ApinatorOptionsValidator>());
        services.AddOptions<ApinatorWebhookOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApinatorWebhookOptions>, WebhookOptionsValidator>());
        services.AddOptions<ApinatorAuthorizationOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookDeliveryStore>(static sp => new MemoryWebhookDeliveryStore(sp.GetRequiredService<TimeProvider>()));

        var httpClient = services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(static (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<ApinatorOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(static () => ApinatorClient.CreatePrimaryHandler())
            // Passes straight through unless Apinator:MaxRetries (or RetryWhenUnavailable) asks for retries.
            .AddHttpMessageHandler(static sp => ApinatorClient.CreateRetryHandler(sp.GetRequiredService<IOptions<ApinatorOptions>>().Value, timeProvider: sp.GetRequiredService<TimeProvider>()))
            // IApinator is a singleton holding one HttpClient: connections are recycled by the
            // handler itself, so the factory must not rotate (and dispose) it underneath.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(static sp => new ApinatorClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<ApinatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ApinatorClient>>()));
        services.TryAddSingleton<IApinator>(static sp => sp.GetRequiredService<ApinatorClient>());
        // Sockudo's extensions share the client's connection (transport, dialect, paths), whatever
        // IApinator was replaced with; every call says so before sending when the protocol is not Sockudo.
        services.TryAddSingleton<ISockudoExtensions>(static sp => new SockudoClient(sp.GetRequiredService<ApinatorClient>()));
        // Skubber's SignalR tokens; resolving it with a protocol other than HeaderCredentials throws.
        services.TryAddSingleton<ISkubberTokenSource>(static sp => new SkubberTokenSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<ApinatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SkubberTokenSource>>()));
        services.TryAddSingleton(static sp => new ChannelAuthorizer(sp.GetRequiredService<IOptions<ApinatorOptions>>().Value));
        services.TryAddSingleton(static sp => new WebhookParser(sp.GetRequiredService<IOptions<ApinatorOptions>>().Value));
        services.TryAddSingleton(static sp =>
        {
            var webhooks = sp.GetRequiredService<IOptions<ApinatorWebhookOptions>>().Value;
            return new WebhookVerifier(sp.GetRequiredService<IOptions<ApinatorOptions>>().Value, sp.GetRequiredService<TimeProvider>())
            {
                MaxAge = webhooks.MaxAge,
                AllowedClockSkew = webhooks.AllowedClockSkew,
            };
        });
        services.ConfigureHttpJsonOptions(static json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApinatorJsonContext.Default));

        return new ApinatorBuilder(services, httpClient);
    }
}
