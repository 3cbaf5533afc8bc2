using System.Net;
using Apinator;
using Apinator.AspNetCore;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Users;
using Apinator.AspNetCore.Webhooks;
using Apinator.Channels;
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
        services.AddOptions<ApinatorOptions>().Bind(configuration);
        services.AddOptions<ApinatorWebhookOptions>().Bind(configuration.GetSection("Webhooks"));
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
        services.AddOptions<ApinatorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApinatorOptions>, ApinatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var rules = GetOrAdd(services, static () => new ChannelRuleSet());
        var users = GetOrAdd(services, static () => new UserDataMapping());

        var httpClient = services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<ApinatorOptions>>().Value.Timeout)
            // IApinator is a singleton holding one HttpClient: connections are recycled by the
            // handler itself, so the factory must not rotate (and dispose) it underneath.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<IApinator>(static sp => new ApinatorClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<ApinatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ApinatorClient>>()));
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

        return new ApinatorBuilder(services, httpClient, rules, users);
    }

    /// <summary>One instance per service collection, shared by every AddApinator call and kept for the endpoints.</summary>
    private static T GetOrAdd<T>(IServiceCollection services, Func<T> create) where T : class
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(T) && descriptor.ImplementationInstance is T existing) return existing;
        }

        var created = create();
        services.AddSingleton(created);
        return created;
    }
}
