using Apinator.AspNetCore;
using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the publish queue in Redis, so that accepted events outlive an instance and every instance shares the sending.</summary>
public static class ApinatorBuilderRedisPublishQueueExtensions
{
    /// <summary>
    /// Makes the publish queue (<c>AddPublishQueue</c>, added if it was not) durable in the Redis at
    /// <paramref name="connectionString"/>: an event is accepted once it is written to a Redis stream,
    /// and deleted once the service took it. One instance at a time sends each lane, holding a renewed
    /// lease; when it dies another takes the lane over within <see cref="RedisPublishQueueOptions.Lease"/>.
    /// Sent at least once (once on Sockudo, by idempotency key), in order per channel. Redis must keep
    /// its data: run it with <c>appendonly yes</c>. The app starts while Redis is down; enqueues then fail.
    /// </summary>
    /// <param name="builder">The builder <c>AddApinator</c> returned.</param>
    /// <param name="connectionString">The Redis connection string (StackExchange.Redis syntax).</param>
    /// <param name="configure">Lease, poll interval and the queue's name, or null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed, or a setting is out of range.</exception>
    public static ApinatorBuilder UseRedisPublishQueue(this ApinatorBuilder builder, string? connectionString, Action<RedisPublishQueueOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = RedisConnection.Parse(connectionString, nameof(UseRedisPublishQueue));
        return builder.UseRedisPublishQueue(() => new RedisConnection(options), configure);
    }

    /// <summary>Makes the publish queue durable in the Redis of an open connection, which stays its owner's.</summary>
    /// <param name="builder">The builder <c>AddApinator</c> returned.</param>
    /// <param name="redis">The connection, e.g. the app's own <see cref="IConnectionMultiplexer"/>.</param>
    /// <param name="configure">Lease, poll interval and the queue's name, or null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public static ApinatorBuilder UseRedisPublishQueue(this ApinatorBuilder builder, IConnectionMultiplexer redis, Action<RedisPublishQueueOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redis);
        return builder.UseRedisPublishQueue(() => null, configure, redis);
    }

    private static ApinatorBuilder UseRedisPublishQueue(this ApinatorBuilder builder, Func<RedisConnection?> owned, Action<RedisPublishQueueOptions>? configure, IConnectionMultiplexer? shared = null)
    {
        var redisOptions = new RedisPublishQueueOptions();
        configure?.Invoke(redisOptions);
        redisOptions.Validate();
        builder.AddPublishQueue();
        builder.Services.Replace(ServiceDescriptor.Singleton<IPublishQueueStore>(sp =>
        {
            var connection = owned();
            return new RedisPublishQueueStore(
                connection is null ? () => Task.FromResult(shared!) : connection.GetAsync,
                connection,
                sp.GetRequiredService<IOptions<PublishQueueOptions>>().Value,
                redisOptions,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<ILoggerFactory>()?.CreateLogger("Apinator.AspNetCore.Redis") ?? (ILogger)NullLogger.Instance);
        }));
        return builder;
    }
}
