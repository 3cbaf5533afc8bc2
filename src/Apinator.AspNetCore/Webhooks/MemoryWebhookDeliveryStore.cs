namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The default <see cref="IWebhookDeliveryStore"/>: claims kept in this process's memory, each until
/// its time to live passes (by the injected <see cref="TimeProvider"/>). Bounded: when full, the
/// claim closest to expiry is dropped first, so memory stays flat under a flood of deliveries.
/// De-duplicates within one instance only; with several, use a shared store such as Redis.
/// </summary>
public sealed class MemoryWebhookDeliveryStore : IWebhookDeliveryStore
{
    /// <summary>Default capacity: 100 000 claims (a few MB).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _byExpiry = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock claims expire by.</param>
    /// <param name="capacity">Most claims kept at once; positive.</param>
    public MemoryWebhookDeliveryStore(TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _time = timeProvider;
        _capacity = capacity;
    }

    /// <summary>Claims currently held (expired ones may be counted until the next claim).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _expiries.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            RemoveExpired(now);
            if (_expiries.ContainsKey(key)) return ValueTask.FromResult(false);

            while (_expiries.Count >= _capacity) RemoveSoonestToExpire();
            var expiry = now + ttl.Ticks;
            _expiries[key] = expiry;
            _byExpiry.Enqueue(key, expiry);
            if (_byExpiry.Count > 2 * _capacity) Compact();
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // The queue entry stays until it comes up and is then found stale (its expiry no longer matches).
        lock (_lock) _expiries.Remove(key);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the queue entries released keys left behind, so released claims cannot grow it without bound.</summary>
    private void Compact()
    {
        _byExpiry.Clear();
        foreach (var (key, expiry) in _expiries) _byExpiry.Enqueue(key, expiry);
    }

    private void RemoveExpired(long now)
    {
        while (_byExpiry.TryPeek(out _, out var expiry) && expiry <= now) RemoveSoonestToExpire();
    }

    private void RemoveSoonestToExpire()
    {
        while (_byExpiry.TryDequeue(out var key, out var expiry))
        {
            // A released (or released and claimed again) key leaves a stale entry behind: skip it.
            if (_expiries.TryGetValue(key, out var current) && current == expiry)
            {
                _expiries.Remove(key);
                return;
            }
        }
    }
}
