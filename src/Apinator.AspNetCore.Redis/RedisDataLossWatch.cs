using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Notices that Redis lost a store's data: restarted without persistence, flushed, or evicting keys.
/// A marker key, written once when the store first connects, is looked for again whenever the
/// connection is restored and at every health check (and, for the publish queue, every lease
/// renewal); if it is gone (or another instance has written a new one since), the data went with
/// it: the webhook store's done marks (a replay is handled again), the publish queue's accepted
/// events (lost). The store reports it through <paramref name="lost"/>, and its health check is
/// Degraded for a while.
/// </summary>
/// <param name="markerKey">The store's own marker key, so one Redis can hold several stores.</param>
/// <param name="lost">Logs the loss, in the store's own words and event id.</param>
/// <param name="time">The clock of <see cref="LostAt"/>.</param>
internal sealed class RedisDataLossWatch(RedisKey markerKey, Action lost, TimeProvider time)
{
    // KEYS[1] marker; ARGV[1] a new marker. The marker, written first when absent.
    private const string MarkScript = """
        local marker = redis.call('GET', KEYS[1])
        if marker then return marker end
        redis.call('SET', KEYS[1], ARGV[1])
        return ARGV[1]
        """;

    private readonly Lock _lock = new();
    private string? _known;
    private DateTimeOffset? _lostAt;
    private volatile bool _started;

    /// <summary>When the loss was last noticed; null if never.</summary>
    public DateTimeOffset? LostAt
    {
        get
        {
            lock (_lock) return _lostAt;
        }
    }

    /// <summary>Writes (or reads) the marker on first use of a connection, and looks again whenever it is restored.</summary>
    public async Task StartAsync(IConnectionMultiplexer redis, int database)
    {
        if (_started) return;
        await CheckAsync(redis.GetDatabase(database)).ConfigureAwait(false);
        lock (_lock)
        {
            if (_started) return;
            _started = true;
        }

        redis.ConnectionRestored += (_, _) => _ = CheckQuietlyAsync(redis.GetDatabase(database));
    }

    /// <summary>Looks for the marker (writing it when absent); true when it shows that data was lost since the last look.</summary>
    public async Task<bool> CheckAsync(IDatabase database)
    {
        var marker = (string?)await database.ScriptEvaluateAsync(MarkScript, [markerKey], [Guid.NewGuid().ToString("N")]).ConfigureAwait(false);
        bool found;
        lock (_lock)
        {
            found = _known is not null && marker != _known;
            _known = marker;
            if (found)
            {
                // Reported before LostAt shows it: a health check that sees the loss finds it logged.
                lost();
                _lostAt = time.GetUtcNow();
            }
        }

        return found;
    }

    private async Task CheckQuietlyAsync(IDatabase database)
    {
        try
        {
            await CheckAsync(database).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Gone again: the next restored connection, or health check, looks again.
        }
    }
}
