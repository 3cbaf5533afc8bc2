using Apinator.AspNetCore.Webhooks;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Claims webhook deliveries in Redis, shared by every instance of the app: a claim is
/// <c>SET key 1 NX PX ttl</c> (atomic, so of two instances receiving the same delivery at once
/// exactly one wins) and a release is <c>DEL key</c>. Errors reaching Redis are thrown, so the
/// endpoint answers 503 (or processes anyway, as configured).
/// </summary>
public sealed class RedisWebhookDeliveryStore : IWebhookDeliveryStore
{
    private static readonly RedisValue Claimed = "1";

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly int _database;

    /// <summary>Creates a store on an open connection.</summary>
    /// <param name="redis">The connection, shared; owned by whoever created it.</param>
    /// <param name="database">The Redis database number; -1 for the connection's default.</param>
    public RedisWebhookDeliveryStore(IConnectionMultiplexer redis, int database = -1)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var connected = Task.FromResult(redis);
        _connect = () => connected;
        _database = database;
    }

    /// <summary>A store whose connection is made on first use (by <c>UseRedisDeliveryStore</c>).</summary>
    internal RedisWebhookDeliveryStore(Func<Task<IConnectionMultiplexer>> connect)
    {
        _connect = connect;
        _database = -1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await _connect().ConfigureAwait(false);
        return await redis.GetDatabase(_database).StringSetAsync(key, Claimed, ttl, When.NotExists).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var redis = await _connect().ConfigureAwait(false);
        await redis.GetDatabase(_database).KeyDeleteAsync(key).ConfigureAwait(false);
    }
}
