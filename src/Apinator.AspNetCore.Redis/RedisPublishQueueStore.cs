using System.Globalization;
using System.Text.Json;
using Apinator.AspNetCore.Publishing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// The durable publish queue: one Redis stream per lane (<c>XADD</c> on accept, so accepted means
/// written to Redis; <c>XDEL</c> once the service took the event), and one lease per lane
/// (<c>SET NX PX</c>, renewed by compare-and-renew every third of it) so that one instance at a time
/// sends a lane, in order. An instance that dies stops renewing; another takes the lane over when
/// the lease lapses and sends it from its oldest entry, so an event whose answer was lost is sent
/// again (at least once; once on Sockudo, whose idempotency keys are in the entry). Redis errors never
/// end a lane: it waits and reads again.
/// </summary>
internal sealed partial class RedisPublishQueueStore : IPublishQueueStore, IAsyncDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly RedisKey[] _streams;
    private readonly RedisQueueLane[] _lanes;
    private readonly int _capacity;
    private readonly bool _throwWhenFull;
    private readonly RedisPublishQueueOptions _redis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly ITimer _renewal;
    private readonly IAsyncDisposable? _owned;
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
        var prefix = $"apinator:queue:{{{redis.Name}}}:lane:";
        _streams = new RedisKey[options.Lanes];
        _lanes = new RedisQueueLane[options.Lanes];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _streams[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
            _lanes[i] = new RedisQueueLane(_streams[i], _streams[i].Append(":lease"));
        }

        var third = redis.Lease / 3;
        _renewal = time.CreateTimer(static state => _ = ((RedisPublishQueueStore)state!).RenewAsync(), this, third, third);
    }

    public int Lanes => _lanes.Length;

    public int Count => Volatile.Read(ref _count);

    public DateTimeOffset? OldestEnqueuedAt => Interlocked.Read(ref _oldestMs) is >= 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public bool KeepsEventsOnStop => true;

    private long LeaseMs => (long)_redis.Lease.TotalMilliseconds;

    public async ValueTask AddAsync(QueuedEvent[] events, CancellationToken cancellationToken)
    {
        if (events.Length > _capacity)
        {
            throw new ApinatorValidationException($"The event goes to {events.Length} channels, more than the durable publish queue's capacity ({_capacity}) holds: raise Capacity or trigger it directly.", "channels");
        }

        ThrowIfClosed();
        var args = new RedisValue[2 + (3 * events.Length)];
        args[0] = _capacity;
        args[1] = events.Length;
        for (var i = 0; i < events.Length; i++)
        {
            args[2 + (3 * i)] = PublishQueueLanes.Of(events[i].Event.Channel, _lanes.Length) + 1;
            args[3 + (3 * i)] = events[i].EnqueuedAt.ToUnixTimeMilliseconds();
            args[4 + (3 * i)] = RedisQueuedEvent.Write(events[i]);
        }

        var db = await DatabaseAsync().ConfigureAwait(false);
        while (true)
        {
            // Not abandoned on cancellation once sent: a cancelled enqueue must not have been accepted.
            cancellationToken.ThrowIfCancellationRequested();
            var total = (long)await db.ScriptEvaluateAsync(RedisQueueScripts.Add, _streams, args).ConfigureAwait(false);
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
            try
            {
                var db = await DatabaseAsync().ConfigureAwait(false);
                if (!state.Held && await db.StringSetAsync(state.Lease, _token, _redis.Lease, When.NotExists).ConfigureAwait(false))
                {
                    // The lane is ours: everything still in its stream is unacknowledged, so it is sent from the start.
                    state.Acquire();
                    LaneAcquired(_logger, lane);
                }

                if (state.Held && (await db.StreamRangeAsync(state.Stream, state.After, "+", 1).ConfigureAwait(false)).Length > 0) return true;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                RedisUnavailable(_logger, e.GetType().Name);
            }

            await Task.WhenAny(signalled, Task.Delay(_redis.PollInterval, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    public async ValueTask TakeAsync(int lane, List<QueuedEvent> batch, int max, CancellationToken cancellationToken)
    {
        var state = _lanes[lane];
        if (_closed || !state.Held || max <= 0) return;
        RedisResult result;
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);
            result = await db.ScriptEvaluateAsync(RedisQueueScripts.Take, [state.Stream, state.Lease], [_token, state.After, Math.Min(max, 1000)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            RedisUnavailable(_logger, e.GetType().Name);
            return;
        }

        if (result.IsNull)
        {
            // Another instance holds the lane now (this one was paused past its lease): it sends from here.
            state.Lose();
            LaneLost(_logger, lane);
            return;
        }

        foreach (var entry in (RedisResult[])result!)
        {
            var parts = (RedisResult[])entry!;
            var id = (RedisValue)parts[0];
            var fields = (RedisValue[])parts[1]!;
            try
            {
                batch.Add(RedisQueuedEvent.Read(fields[3]!, (long)fields[1]));
                state.Taken(id);
            }
            catch (Exception e) when (e is JsonException or InvalidCastException or FormatException or IndexOutOfRangeException)
            {
                // Not an entry this version wrote: sending it is impossible, keeping it would block the lane.
                EntryUnreadable(_logger, lane, id.ToString(), e);
                state.Skip(id);
            }
        }
    }

    public async ValueTask ReleaseAsync(int lane, int count, DateTimeOffset? oldestLeft)
    {
        var state = _lanes[lane];
        state.Acknowledge(count);
        if (!state.HasAcknowledged) return;
        try
        {
            var db = await DatabaseAsync().ConfigureAwait(false);
            await db.StreamDeleteAsync(state.Stream, state.Acknowledged).ConfigureAwait(false);
            state.AcknowledgedDeleted();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Kept, and deleted with the next release; until then a takeover may send them again (at least once).
            RedisUnavailable(_logger, e.GetType().Name);
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
                RedisUnavailable(_logger, e.GetType().Name);
            }

            await Task.Delay(_redis.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync().ConfigureAwait(false);
        try
        {
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
        var depth = (RedisResult[])(await db.ScriptEvaluateAsync(RedisQueueScripts.Depth, _streams).ConfigureAwait(false))!;
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
                if ((long)await db.ScriptEvaluateAsync(RedisLeaseScripts.Renew, [_lanes[i].Lease], [_token, LeaseMs]).ConfigureAwait(false) == 0)
                {
                    _lanes[i].Lose();
                    LaneLost(_logger, i);
                }
            }

            await RefreshDepthAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Held or not is unknown: the next take checks the lease in Redis itself.
            RedisUnavailable(_logger, e.GetType().Name);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connect().ConfigureAwait(false)).GetDatabase();

    private void ThrowIfClosed()
    {
        if (_closed) throw new InvalidOperationException("This instance is shutting down, so its publish queue on Redis takes no more events; another instance, or this one once restarted, sends what it already accepted.");
    }

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Apinator publish queue on Redis: this instance now sends lane {Lane}")]
    private static partial void LaneAcquired(ILogger logger, int lane);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Apinator publish queue on Redis: lane {Lane} was taken over by another instance (this one missed its lease)")]
    private static partial void LaneLost(ILogger logger, int lane);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning, Message = "Apinator publish queue on Redis: Redis is unavailable ({ErrorType}); trying again")]
    private static partial void RedisUnavailable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 46, Level = LogLevel.Error, Message = "Apinator publish queue on Redis: entry {EntryId} of lane {Lane} is unreadable and was skipped")]
    private static partial void EntryUnreadable(ILogger logger, int lane, string entryId, Exception exception);
}
