using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Notices that Redis lost the done marks: restarted without persistence, flushed, or evicting keys.
/// A marker key, written once when the store first connects, is looked for again whenever the
/// connection is restored and at every health check; if it is gone (or another instance has
/// written a new one since), the data went with it, and every delivery recorded before may be
/// handled again if replayed. That is logged, and the health check is Degraded for the replay window.
/// </summary>
internal sealed partial class RedisDataLossWatch(ILogger logger, TimeProvider time)
{
    internal const string MarkerKey = "apinator:webhook:store-marker";

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
        var marker = (string?)await database.ScriptEvaluateAsync(MarkScript, [MarkerKey], [Guid.NewGuid().ToString("N")]).ConfigureAwait(false);
        bool lost;
        lock (_lock)
        {
            lost = _known is not null && marker != _known;
            _known = marker;
            if (lost) _lostAt = time.GetUtcNow();
        }

        if (lost) DataLost(logger);
        return lost;
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

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "The Redis of the webhook delivery store lost its data (restarted without persistence, flushed, or evicting keys): deliveries handled before may be handled again if the service replays them. Exactly-once needs a Redis that keeps its data: appendonly yes, and maxmemory-policy noeviction")]
    private static partial void DataLost(ILogger logger);
}
