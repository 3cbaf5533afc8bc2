using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Webhooks;
using Apinator.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore;

/// <summary>
/// Returned by <c>AddApinator</c>: registers who may join which channel, how the signed-in user
/// becomes sign-in user data and the webhook settings (all kept in options), and gives access to
/// the HTTP client's builder.
/// </summary>
public sealed class ApinatorBuilder
{
    internal ApinatorBuilder(IServiceCollection services, IHttpClientBuilder httpClient) => (Services, HttpClient) = (services, httpClient);

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The builder of the HTTP client <see cref="IApinator"/> uses: add handlers, resilience, proxies.</summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>
    /// Allows private channels matching <paramref name="pattern"/> (e.g. <c>private-user-{userId}</c>)
    /// when <paramref name="rule"/> says so. Rules are tried in registration order; the first whose
    /// pattern matches decides. A channel no rule matches is refused (403).
    /// </summary>
    /// <param name="pattern">A <c>private-</c> channel name with optional <c>{placeholders}</c>, available in <see cref="ChannelAuthorizationContext.Values"/>.</param>
    /// <param name="rule">Whether this request may subscribe.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed.</exception>
    public ApinatorBuilder AuthorizeChannel(string pattern, Func<ChannelAuthorizationContext, bool> rule, bool requireAuthenticatedUser = true)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return AuthorizeChannel(pattern, context => ValueTask.FromResult(rule(context)), requireAuthenticatedUser);
    }

    /// <summary>Allows private channels matching <paramref name="pattern"/> when the asynchronous <paramref name="rule"/> says so.</summary>
    /// <param name="pattern">A <c>private-</c> channel name with optional <c>{placeholders}</c>.</param>
    /// <param name="rule">Whether this request may subscribe.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed.</exception>
    public ApinatorBuilder AuthorizeChannel(string pattern, Func<ChannelAuthorizationContext, ValueTask<bool>> rule, bool requireAuthenticatedUser = true) =>
        Add(ChannelRule.ForPrivateChannel(pattern, rule, requireAuthenticatedUser));

    /// <summary>
    /// Allows presence channels matching <paramref name="pattern"/>: <paramref name="rule"/> returns
    /// the member built from the server-side user (never from the request), or null to refuse.
    /// </summary>
    /// <param name="pattern">A <c>presence-</c> channel name with optional <c>{placeholders}</c>.</param>
    /// <param name="rule">The member to sign, or null to refuse.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed.</exception>
    public ApinatorBuilder AuthorizePresenceChannel(string pattern, Func<ChannelAuthorizationContext, PresenceMember?> rule, bool requireAuthenticatedUser = true)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return AuthorizePresenceChannel(pattern, context => ValueTask.FromResult(rule(context)), requireAuthenticatedUser);
    }

    /// <summary>Allows presence channels matching <paramref name="pattern"/> with an asynchronous <paramref name="rule"/>.</summary>
    /// <param name="pattern">A <c>presence-</c> channel name with optional <c>{placeholders}</c>.</param>
    /// <param name="rule">The member to sign, or null to refuse.</param>
    /// <param name="requireAuthenticatedUser">When true (the default), an anonymous request gets 401 without running the rule.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The pattern is malformed.</exception>
    public ApinatorBuilder AuthorizePresenceChannel(string pattern, Func<ChannelAuthorizationContext, ValueTask<PresenceMember?>> rule, bool requireAuthenticatedUser = true) =>
        Add(ChannelRule.ForPresenceChannel(pattern, rule, requireAuthenticatedUser));

    /// <summary>
    /// Sets how the signed-in user becomes the user data of a sign-in (<c>MapApinatorUserAuth</c>).
    /// By default <see cref="ApinatorAuthorizationOptions.DefaultUserData"/>. Return null to refuse (403).
    /// </summary>
    /// <param name="map">Builds the user data from the principal.</param>
    /// <returns>This builder.</returns>
    public ApinatorBuilder WithUserData(Func<ClaimsPrincipal, UserData?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Services.Configure<ApinatorAuthorizationOptions>(options => options.UserDataFactory = map);
        return this;
    }

    /// <summary>Configures the webhook endpoint (max age, clock skew, body size).</summary>
    /// <param name="configure">Changes the settings.</param>
    /// <returns>This builder.</returns>
    public ApinatorBuilder ConfigureWebhooks(Action<ApinatorWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a health check (<c>apinator</c>) that the service accepts the app's credentials; see <c>IHealthChecksBuilder.AddApinator</c>.</summary>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <returns>This builder.</returns>
    public ApinatorBuilder AddHealthCheck(params string[] tags)
    {
        Services.AddHealthChecks().AddApinator(tags: tags);
        return this;
    }

    /// <summary>Reads the sender's socket id for <see cref="SenderExclusion.ToOthers"/> from another header than <c>X-Socket-ID</c>.</summary>
    /// <param name="headerName">The header's name.</param>
    /// <returns>This builder.</returns>
    public ApinatorBuilder ReadSenderSocketIdFrom(string headerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerName);
        Services.Configure<ApinatorSenderOptions>(options => options.HeaderName = headerName);
        return this;
    }

    /// <summary>
    /// Replaces where webhook deliveries are claimed (in memory by default) with <typeparamref name="TStore"/>,
    /// a singleton shared by every request; use a store shared by all instances when the app runs on several.
    /// </summary>
    /// <typeparam name="TStore">The store.</typeparam>
    /// <returns>This builder.</returns>
    public ApinatorBuilder UseDeliveryStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IWebhookDeliveryStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IWebhookDeliveryStore, TStore>());
        return this;
    }

    /// <summary>Replaces where webhook deliveries are claimed with the store <paramref name="create"/> makes (once).</summary>
    /// <param name="create">Creates the store from the app's services.</param>
    /// <returns>This builder.</returns>
    public ApinatorBuilder UseDeliveryStore(Func<IServiceProvider, IWebhookDeliveryStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(create));
        return this;
    }

    /// <summary>
    /// Retries calls to the service that it refused without acting on them: 429 and 503 (waiting
    /// as its <c>Retry-After</c> says, at most <paramref name="maxDelay"/>) and connections refused,
    /// with exponential back-off and jitter (Polly). A 500, 502 or 504 is retried only on Sockudo for
    /// a publish carrying an idempotency key, which the service de-duplicates; elsewhere the event may
    /// already have been published. All tries together stay within <see cref="ApinatorOptions.Timeout"/>.
    /// Sets <see cref="ApinatorOptions.MaxRetries"/> and <see cref="ApinatorOptions.MaxRetryDelay"/>,
    /// which the standalone client honours too.
    /// </summary>
    /// <param name="maxRetries">Retries after the first try: 1 to 10, 3 by default.</param>
    /// <param name="maxDelay">Longest wait between two tries; 5 seconds by default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public ApinatorBuilder RetryWhenUnavailable(int maxRetries = 3, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, 10);
        var delay = maxDelay ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero, nameof(maxDelay));
        Services.Configure<ApinatorOptions>(options =>
        {
            options.MaxRetries = maxRetries;
            options.MaxRetryDelay = delay;
        });
        return this;
    }

    /// <summary>
    /// Adds the publish queue: <see cref="IApinatorPublisher"/> accepts events (checked as a trigger is)
    /// into a bounded queue, and a hosted sender coalesces them into batch calls, keeps each channel's
    /// order, retries while the service is unavailable, gives up (and reports) what the service refuses
    /// or what grew too old, and drains on a graceful shutdown. See docs/publish-queue.md.
    /// </summary>
    /// <param name="configure">Changes the settings, or null for the defaults.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ApinatorConfigurationException">A setting is out of range (at first use).</exception>
    public ApinatorBuilder AddPublishQueue(Action<PublishQueueOptions>? configure = null)
    {
        if (configure is not null) Services.Configure(configure);
        Services.TryAddSingleton<IPublishQueueStore>(static sp => new MemoryPublishQueueStore(QueueOptions(sp)));
        Services.TryAddSingleton<IApinatorPublisher>(static sp => new PublishQueue(sp.GetRequiredService<IApinator>(), sp.GetRequiredService<IPublishQueueStore>(), sp.GetRequiredService<TimeProvider>()));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PublishQueueSender>(static sp => new PublishQueueSender(
            sp.GetRequiredService<IApinator>(),
            sp.GetRequiredService<IPublishQueueStore>(),
            QueueOptions(sp),
            sp.GetRequiredService<IOptions<ApinatorOptions>>().Value.MaxBatchSize,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PublishQueueSender>>())));
        return this;
    }

    private static PublishQueueOptions QueueOptions(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PublishQueueOptions>>().Value;
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ApinatorConfigurationException(string.Join(" ", errors));
    }

    private ApinatorBuilder Add(ChannelRule rule)
    {
        // Built (and its pattern checked) now, so a bad pattern fails at registration.
        Services.Configure<ApinatorAuthorizationOptions>(options => options.ChannelRules.Add(rule));
        return this;
    }
}
