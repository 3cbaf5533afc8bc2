using Apinator.AspNetCore.Publishing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// The durable publish queue: one Redis stream per lane (<c>XADD</c> on accept, so accepted means
/// written to Redis; <c>XDEL</c> once the service took the event), and one lease per lane
/// (<c>SET NX PX</c>, renewed by compare-and-renew every third of it) so that one instance at a time
/// sends a lane, in order. Concurrent enqueues go to Redis together (<see cref="RedisQueueAccepts"/>), the
/// capacity is a count key (<see cref="RedisQueueScripts"/>), and a lane's sender is woken only when it
/// said it was idle. An instance that dies stops renewing; another takes the lane over when
/// the lease lapses and sends it from its oldest entry, so an event whose answer was lost is sent
/// again (at least once; once on Sockudo, whose idempotency keys are in the entry). Redis errors never
/// end a lane: it waits and reads again. A Redis that lost the queue (restarted without its append-only
/// file) is noticed by a marker key (<see cref="RedisDataLossWatch"/>), logged, and shown by the health checks.
/// </summary>
internal sealed class RedisPublishQueueStore : IPublishQueueStore, IHealthCheck, IAsyncDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly RedisQueueKeys _keys;
    private readonly RedisQueueAccepts _accepts;
    private readonly RedisQueueLane[] _lanes;
    private readonly int _capacity;
    private readonly bool _throwWhenFull;
    private readonly RedisPublishQueueOptions _redis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly ITimer _renewal;
    private readonly IAsyncDisposable? _owned;
    private readonly RedisDataLossWatch _watch;
    private readonly RedisQueueWakeups _wakeups;
    private int _renewing;
    private int _count;
    private long _oldestMs = -1;
    private volatile bool _closed;

    public RedisPublishQueueStore(Func<Task<IConnectionMultiplexer>> connect, IAsyncDisposable? ownedConnection, PublishQueueOptions options, RedisPublishQueueOptions redis, TimeProvider time, ILogger logger)
    {
        _connect = connect;
        _owned = ownedConnection;
        _capacity = options.Capacity;
        _throwWhenFull = options.FullMode == QueueFullMode.Throw;
        _redis = redis;
        _time = time;
        _logger = logger;
        _keys = new RedisQueueKeys(redis.Name, options.Lanes);
        _watch = new RedisDataLossWatch(_keys.Marker, DataLost, time);
        _wakeups = new RedisQueueWakeups(_keys.Wakeups, Wake);
        _lanes = _keys.Lanes();
        _accepts = new RedisQueueAccepts(_keys.Add, _capacity, _wakeups.Channel, DatabaseAsync, redis.Name);

        var third = redis.Lease / 3;
        _renewal = time.CreateTimer(static state => _ = ((RedisPublishQueueStore)state!).RenewAsync(), this, third, third);
    }

    public int Lanes => _lanes.Length;

    public int Count => Volatile.Read(ref _count);

    public DateTimeOffset? OldestEnqueuedAt => Interlocked.Read(ref _oldestMs) is >= 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public bool KeepsEventsOnStop => true;

    /// <summary>When this instance last noticed that Redis lost the queue; null if never.</summary>
    internal DateTimeOffset? DataLostAt => _watch.LostAt;

    /// <summary>Connects if needed and looks for the data-loss marker; throws when Redis cannot be reached.</summary>
    internal async Task CheckDataAsync() => await _watch.CheckAsync(await DatabaseAsync().ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>What <c>AddApinatorRedisPublishQueue</c> reports; the <c>apinator</c> check asks it too.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => new RedisPublishQueueHealthCheck(this, _time).CheckHealthAsync(context, cancellationToken);

    public async ValueTask AddAsync(QueuedEvent[] events, CancellationToken cancellationToken)
    {
        if (events.Length > _capacity)
        {
            throw new ApinatorValidationException($"The event goes to {events.Length} channels, more than the durable publish queue's capacity ({_capacity}) holds: raise Capacity or trigger it directly.", "channels");
        }

        ThrowIfClosed();
        var args = RedisQueueScripts.AddArguments(events, _lanes.Length);
        while (true)
        {
            // Not abandoned on cancellation once sent: a cancelled enqueue must not have been accepted.
            cancellationToken.ThrowIfCancellationRequested();
            var total = await _accepts.AddAsync(args, cancellationToken).ConfigureAwait(false);
            if (total >= 0)
            {
                Volatile.Write(ref _count, (int)total);
                Interlocked.CompareExchange(ref _oldestMs, events[0].EnqueuedAt.ToUnixTimeMilliseconds(), -1);
                foreach (var e in events) _lanes[PublishQueueLanes.Of(e.Event.Channel, _lanes.Length)].Signal();
                return;
            }

            if (_throwWhenFull) throw new ApinatorQueueFullException(_capacity);
            await Task.Delay(_redis.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            ThrowIfClosed();
        }
    }

    public async ValueTask<bool> WaitToTakeAsync(int lane, CancellationToken cancellationToken)
    {
        var state = _lanes[lane];
        while (!_closed)
        {
            var signalled = state.NextSignal();
            var idle = false;
            try
            {
                var db = await DatabaseAsync().ConfigureAwait(false);
                if (!state.Held && await db.StringSetAsync(state.Lease, _token, _redis.Lease, When.NotExists).ConfigureAwait(false))
                {
                    // The lane is ours: everything still in its stream is unacknowledged, so it is sent from the start.
                    state.Acquire();
                    RedisLog.LaneAcquired(_logger, lane);
                }

                var look = !state.Held ? 0 : state.HasAhead ? 1 : await state.LookAsync(db, _keys.Idle, lane + 1, _token).ConfigureAwait(false);
                if (look == 1) return true;
                if (look < 0)
                {
                    Lost(lane);
                    continue; // tries for the lease again at once
                }

                idle = state.Held;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                RedisLog.RedisUnavailable(_logger, e.GetType().Name);
            }

            // An idle held lane is woken by the add notification, and polls only in case one was lost; a lane
            // another instance holds polls for its lease, as a lane does after a Redis error (a notification
            // also makes it try at once: its holder may be gone).
            await RedisQueueLane.WaitAsync(signalled, idle ? _redis.IdlePollInterval : _redis.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    public async ValueTask TakeAsync(int lane, List<QueuedEvent> batch, int max, CancellationToken cancellationToken)
    {
        var state = _lanes[lane];
        if (_closed || !state.Held || max <= 0) return;
        max = Math.Min(max, 1000);
        state.Asked(max);
        var entries = state.TakeAhead(max);
        try
        {
            entries ??= await state.ReadAsync(await DatabaseAsync().ConfigureAwait(false), _token, max, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            RedisLog.RedisUnavailable(_logger, e.GetType().Name);
            return;
        }

        if (entries is null) Lost(lane);
        else state.Take(entries, batch, (id, e) => RedisLog.EntryUnreadable(_logger, lane, id.ToString(), e));
    }

    public async ValueTask ReleaseAsync(int lane, int count, DateTimeOffset? oldestLeft)
    {
        var state = _lanes[lane];
        state.Acknowledge(count);
        if (!state.HasAcknowledged) return;
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);
            // A batch released in parts (split, one by one) reads ahead only once its last part is released.
            await state.DeleteAcknowledgedAsync(db, _keys.Count, _token, readAhead: !_closed && state.Held && !state.HasTaken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Kept, and deleted with the next release; until then a takeover may send them again (at least once).
            RedisLog.RedisUnavailable(_logger, e.GetType().Name);
        }
    }

    public void Close()
    {
        _closed = true;
        foreach (var lane in _lanes) lane.Signal();
    }

    public async Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await RefreshDepthAsync().WaitAsync(cancellationToken).ConfigureAwait(false) == 0) return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                RedisLog.RedisUnavailable(_logger, e.GetType().Name);
            }

            await Task.Delay(_redis.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _wakeups.UnsubscribeAsync().ConfigureAwait(false);
            // A graceful stop hands the lanes over at once instead of after the lease.
            var db = await DatabaseAsync().ConfigureAwait(false);
            foreach (var lane in _lanes)
            {
                if (lane.Held) await db.ScriptEvaluateAsync(RedisLeaseScripts.Release, [lane.Lease], [_token]).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The leases lapse on their own.
        }

        if (_owned is not null) await _owned.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<long> RefreshDepthAsync()
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        var depth = (RedisResult[])(await db.ScriptEvaluateAsync(RedisQueueScripts.Depth, _keys.Depth).ConfigureAwait(false))!;
        var total = (long)depth[0];
        Volatile.Write(ref _count, (int)total);
        Interlocked.Exchange(ref _oldestMs, (long)depth[1]);
        return total;
    }

    private async Task RenewAsync()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1) return;
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);
            for (var i = 0; i < _lanes.Length; i++)
            {
                if (!_lanes[i].Held) continue;
                if ((long)await db.ScriptEvaluateAsync(RedisLeaseScripts.Renew, [_lanes[i].Lease], [_token, (long)_redis.Lease.TotalMilliseconds]).ConfigureAwait(false) == 0) Lost(i);
            }

            // Looked for at every renewal too: a flush or an eviction comes without a reconnection.
            await _watch.CheckAsync(db).ConfigureAwait(false);
            await RefreshDepthAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Held or not is unknown: the next take checks the lease in Redis itself.
            RedisLog.RedisUnavailable(_logger, e.GetType().Name);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private async Task<IDatabase> DatabaseAsync()
    {
        var redis = await _connect().ConfigureAwait(false);

        // The marker is written before the first event, so a later loss of the queue shows.
        await _watch.StartAsync(redis, -1).ConfigureAwait(false);
        await _wakeups.SubscribeAsync(redis).ConfigureAwait(false);
        return redis.GetDatabase();
    }

    private void DataLost()
    {
        RedisLog.PublishQueueDataLost(_logger);
        // The idle flags went with the data: each idle lane looks again, and so says again that it is idle.
        foreach (var lane in _lanes) lane.Signal();
    }

    /// <summary>Another instance holds the lane now (this one was paused past its lease): it sends from here.</summary>
    private void Lost(int lane)
    {
        _lanes[lane].Lose();
        RedisLog.LaneLost(_logger, lane);
    }

    private void Wake(int lane)
    {
        // Also a lane whose lease lapsed while it waited idle: it tries for the lease again at once.
        if ((uint)lane < (uint)_lanes.Length) _lanes[lane].Signal();
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new InvalidOperationException("This instance is shutting down, so its publish queue on Redis takes no more events; another instance, or this one once restarted, sends what it already accepted.");
    }
}
