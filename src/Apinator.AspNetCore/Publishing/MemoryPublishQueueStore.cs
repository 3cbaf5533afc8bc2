using System.Threading.Channels;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// The in-process store: one unbounded channel per lane behind one shared count of free places.
/// A single bounded channel could not be split into ordered lanes, and a bounded channel per lane
/// would give a busy channel only its lane's share; the shared count bounds the whole queue exactly,
/// and an event is written to its lane only once it holds a place, so no lane can grow past it.
/// </summary>
internal sealed class MemoryPublishQueueStore : IPublishQueueStore, IDisposable
{
    private readonly Channel<QueuedEvent>[] _lanes;
    private readonly long[] _inFlightOldest;
    private readonly SemaphoreSlim _room;
    private readonly int _capacity;
    private readonly bool _throwWhenFull;
    private TaskCompletionSource _emptied = NewSignal();
    private int _count;
    private volatile bool _closed;

    public MemoryPublishQueueStore(PublishQueueOptions options)
    {
        _capacity = options.Capacity;
        _throwWhenFull = options.FullMode == QueueFullMode.Throw;
        _room = new SemaphoreSlim(_capacity, _capacity);
        _lanes = new Channel<QueuedEvent>[options.Lanes];
        _inFlightOldest = new long[options.Lanes];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = Channel.CreateUnbounded<QueuedEvent>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
            _inFlightOldest[i] = long.MaxValue;
        }
    }

    public int Lanes => _lanes.Length;

    public int Count => Volatile.Read(ref _count);

    public DateTimeOffset? OldestEnqueuedAt
    {
        get
        {
            var oldest = long.MaxValue;
            for (var i = 0; i < _lanes.Length; i++)
            {
                // A lane is in order: what it is sending is older than what it holds.
                var taken = Volatile.Read(ref _inFlightOldest[i]);
                var head = taken != long.MaxValue ? taken : _lanes[i].Reader.TryPeek(out var next) ? next.EnqueuedAt.UtcTicks : long.MaxValue;
                oldest = Math.Min(oldest, head);
            }

            return oldest == long.MaxValue ? null : new DateTimeOffset(oldest, TimeSpan.Zero);
        }
    }

    public bool KeepsEventsOnStop => false;

    public async ValueTask AddAsync(QueuedEvent[] events, CancellationToken cancellationToken)
    {
        if (events.Length > _capacity)
        {
            throw new ApinatorValidationException($"The event goes to {events.Length} channels, more than the publish queue's capacity ({_capacity}) holds at once: raise Capacity or trigger it directly.", "channels");
        }

        ThrowIfClosed();
        var held = 0;
        try
        {
            for (; held < events.Length; held++)
            {
                if (_throwWhenFull)
                {
                    if (!_room.Wait(0, CancellationToken.None)) throw new ApinatorQueueFullException(_capacity);
                }
                else if (!_room.Wait(0, CancellationToken.None))
                {
                    await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            // Room may have come only once the queue was closed for shutdown.
            ThrowIfClosed();
            Interlocked.Add(ref _count, events.Length);
            held = 0;
            foreach (var e in events)
            {
                if (!_lanes[PublishQueueLanes.Of(e.Event.Channel, _lanes.Length)].Writer.TryWrite(e))
                {
                    // Closed between the check and the write: this one (and any after it) is not accepted.
                    Release(events.Length - Array.IndexOf(events, e));
                    ThrowIfClosed();
                }
            }
        }
        finally
        {
            if (held > 0) _room.Release(held);
        }
    }

    public ValueTask<bool> WaitToTakeAsync(int lane, CancellationToken cancellationToken) => _lanes[lane].Reader.WaitToReadAsync(cancellationToken);

    public ValueTask TakeAsync(int lane, List<QueuedEvent> batch, int max, CancellationToken cancellationToken)
    {
        var reader = _lanes[lane].Reader;
        var taken = 0;
        while (taken < max && reader.TryRead(out var e))
        {
            if (batch.Count == 0) Volatile.Write(ref _inFlightOldest[lane], e.EnqueuedAt.UtcTicks);
            batch.Add(e);
            taken++;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(int lane, int count, DateTimeOffset? oldestLeft)
    {
        Volatile.Write(ref _inFlightOldest[lane], oldestLeft?.UtcTicks ?? long.MaxValue);
        Release(count);
        return ValueTask.CompletedTask;
    }

    public void Close()
    {
        _closed = true;
        foreach (var lane in _lanes) lane.Writer.TryComplete();
    }

    public async Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Read the signal before the count: a release to zero after this read sets this signal.
            var emptied = Volatile.Read(ref _emptied);
            if (Count == 0) return;
            await emptied.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Release(int count)
    {
        if (count == 0) return;
        if (Interlocked.Add(ref _count, -count) == 0) Interlocked.Exchange(ref _emptied, NewSignal()).TrySetResult();
        _room.Release(count);
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new InvalidOperationException("The publish queue is stopped (the app is shutting down) and accepts no more events; trigger directly with IApinator if it must still go out.");
    }

    public void Dispose() => _room.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
