using Apinator.AspNetCore;
using Apinator.AspNetCore.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes every instance of the app share one Redis for webhook de-duplication.</summary>
public static class ApinatorBuilderRedisExtensions
{
    /// <summary>
    /// Claims webhook deliveries in the Redis at <paramref name="connectionString"/> (StackExchange.Redis
    /// syntax, e.g. <c>localhost:6379</c> or <c>redis:6379,password=…,asyncTimeout=2000</c>), so that
    /// a delivery reaching several instances, or sent again, is handled once. The connection is made
    /// when the first webhook arrives and the app starts even when Redis is down; while it is, the
    /// webhook endpoint answers 503 (see <c>ApinatorWebhookOptions.ProcessWhenStoreUnavailable</c>).
    /// </summary>
    /// <param name="builder">The builder <c>AddApinator</c> returned.</param>
    /// <param name="connectionString">The Redis connection string, e.g. <c>builder.Configuration.GetConnectionString("Redis")</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty (a missing setting) or malformed.</exception>
    public static ApinatorBuilder UseRedisDeliveryStore(this ApinatorBuilder builder, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Parsed now, so a malformed string fails at start-up rather than on the first webhook.
        var options = RedisConnection.Parse(connectionString, nameof(UseRedisDeliveryStore));
        return builder.UseRedisDeliveryStore(options);
    }

    /// <summary>Claims webhook deliveries in the Redis described by <paramref name="options"/>.</summary>
    /// <param name="builder">The builder <c>AddApinator</c> returned.</param>
    /// <param name="options">StackExchange.Redis settings.</param>
    /// <returns>The builder.</returns>
    public static ApinatorBuilder UseRedisDeliveryStore(this ApinatorBuilder builder, ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        // Its own connection, not the app's IConnectionMultiplexer (if any): disposed with the services.
        // Made by a factory (not given as an instance) so that the container disposes it.
        builder.Services.Replace(ServiceDescriptor.Singleton(_ => new RedisConnection(options)));
        return builder.UseDeliveryStore(static sp => new RedisWebhookDeliveryStore(
            sp.GetRequiredService<RedisConnection>().GetAsync,
            -1,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Apinator.AspNetCore.Redis") ?? (ILogger)NullLogger.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
