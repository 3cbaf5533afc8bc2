using System.Globalization;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Claims webhook deliveries in Redis, shared by every instance of the app. A key holds
/// <c>pending:{token}</c> while one attempt handles it (<c>SET NX PX lease</c>, so of two instances
/// receiving the same delivery at once exactly one wins, and an instance that dies lets go when its
/// lease lapses), then <c>done</c> for the replay window. Each operation is one Lua script, atomic
/// on the server; a renewal (<c>PEXPIRE</c>) or a release touches the key only while it still holds
/// the caller's token. Errors
/// reaching Redis are thrown, so the endpoint answers 503 (or processes anyway, as configured).
/// Done marks are only as durable as Redis: run it with <c>appendonly yes</c>. A Redis that lost its
/// data is noticed (a marker key is gone), logged, and reported by the health check
/// (<c>AddApinatorRedisDeliveryStore</c>).
/// </summary>
public sealed class RedisWebhookDeliveryStore : IWebhookDeliveryStore
{
    private const string DoneValue = "done";
    private const string PendingPrefix = "pending:";

    // KEYS[1] key; ARGV[1] pending:{token}, ARGV[2] lease in ms. 1 when claimed, else the key's value.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        return redis.call('GET', KEYS[1])
        """;

    // KEYS[1] key; ARGV[1] pending:{token}, ARGV[2] 'done', ARGV[3] retention in ms. 1 when the token still held it.
    private const string CompleteScript = """
        local held = redis.call('GET', KEYS[1]) == ARGV[1]
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        if held then return 1 end
        return 0
        """;

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly int _database;
    private readonly RedisDataLossWatch _watch;
    private long _retentionTicks;

    /// <summary>Creates a store on an open connection.</summary>
    /// <param name="redis">The connection, shared; owned by whoever created it.</param>
    /// <param name="database">The Redis database number; -1 for the connection's default.</param>
    /// <param name="logger">Where a Redis that lost its data is reported; none by default.</param>
    public RedisWebhookDeliveryStore(IConnectionMultiplexer redis, int database = -1, ILogger? logger = null)
        : this(() => Task.FromResult(redis), database, logger ?? NullLogger.Instance, TimeProvider.System)
    {
        ArgumentNullException.ThrowIfNull(redis);
    }

    /// <summary>A store whose connection is made on first use (by <c>UseRedisDeliveryStore</c>).</summary>
    internal RedisWebhookDeliveryStore(Func<Task<IConnectionMultiplexer>> connect, int database, ILogger logger, TimeProvider time)
    {
        _connect = connect;
        _database = database;
        _watch = new RedisDataLossWatch("apinator:webhook:store-marker", () => RedisLog.WebhookStoreDataLost(logger), time);
    }

    /// <summary>When the store last noticed that Redis lost its data; null if never.</summary>
    internal DateTimeOffset? DataLostAt => _watch.LostAt;

    /// <summary>How long done marks are kept (the replay window), once one was recorded; null before.</summary>
    internal TimeSpan? Retention => Interlocked.Read(ref _retentionTicks) is > 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Connects if needed and looks for the data-loss marker; throws when Redis cannot be reached.</summary>
    internal async Task CheckDataAsync()
    {
        var redis = await ConnectAsync().ConfigureAwait(false);
        await _watch.CheckAsync(redis.GetDatabase(_database)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var milliseconds = Milliseconds(lease, nameof(lease));
        cancellationToken.ThrowIfCancellationRequested();
        var token = Guid.NewGuid().ToString("N");
        var result = await EvaluateAsync(ClaimScript, key, [PendingPrefix + token, milliseconds]).ConfigureAwait(false);
        if (result.Resp2Type == ResultType.Integer) return DeliveryClaim.Claimed(token);

        // Anything but "done" (a pending claim, or a value this version does not know) waits for its
        // expiry: a retry later is safe, while taking it as done could lose the delivery.
        return (string?)result == DoneValue ? DeliveryClaim.Done : DeliveryClaim.InProgress;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var milliseconds = Milliseconds(retention, nameof(retention));
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Exchange(ref _retentionTicks, retention.Ticks);
        var result = await EvaluateAsync(CompleteScript, key, [PendingPrefix + token, DoneValue, milliseconds]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var milliseconds = Milliseconds(lease, nameof(lease));
        cancellationToken.ThrowIfCancellationRequested();
        var result = await EvaluateAsync(RedisLeaseScripts.Renew, key, [PendingPrefix + token, milliseconds]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        cancellationToken.ThrowIfCancellationRequested();
        await EvaluateAsync(RedisLeaseScripts.Release, key, [PendingPrefix + token]).ConfigureAwait(false);
    }

    private async Task<RedisResult> EvaluateAsync(string script, string key, RedisValue[] arguments)
    {
        var redis = await ConnectAsync().ConfigureAwait(false);
        return await redis.GetDatabase(_database).ScriptEvaluateAsync(script, [key], arguments).ConfigureAwait(false);
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var redis = await _connect().ConfigureAwait(false);

        // The marker is written before the first claim, so a later loss of the data shows.
        await _watch.StartAsync(redis, _database).ConfigureAwait(false);
        return redis;
    }

    /// <summary>A positive time in whole milliseconds (rounded up), as <c>PX</c> takes it.</summary>
    private static string Milliseconds(TimeSpan time, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(time, TimeSpan.Zero, name);
        return ((long)Math.Ceiling(time.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
    }
}
