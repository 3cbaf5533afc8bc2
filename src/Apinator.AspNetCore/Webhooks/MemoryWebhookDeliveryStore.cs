namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// The default <see cref="IWebhookDeliveryStore"/>: claims (in progress, each until its lease lapses)
/// and done marks (each until its retention passes) kept in this process's memory, timed by the
/// injected <see cref="TimeProvider"/>. Bounded: when full, the entry closest to expiry is dropped
/// first, so memory stays flat under a flood of deliveries. De-duplicates within one instance only;
/// with several, use a shared store such as Redis.
/// </summary>
public sealed class MemoryWebhookDeliveryStore : IWebhookDeliveryStore
{
    /// <summary>Default capacity: 100 000 entries (a few MB).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _byExpiry = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock leases and done marks expire by.</param>
    /// <param name="capacity">Most entries (claims and done marks) kept at once; positive.</param>
    public MemoryWebhookDeliveryStore(TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _time = timeProvider;
        _capacity = capacity;
    }

    /// <summary>Entries currently held, in progress or done (expired ones may be counted until the next claim).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            RemoveExpired(now);
            if (_entries.TryGetValue(key, out var entry))
            {
                return ValueTask.FromResult(entry.Owner is null ? DeliveryClaim.Done : DeliveryClaim.InProgress);
            }

            var token = Guid.NewGuid().ToString("N");
            Set(key, new Entry(token, now + lease.Ticks));
            return ValueTask.FromResult(DeliveryClaim.Claimed(token));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = OwnerCallAt(key, token, retention, nameof(retention));
        lock (_lock)
        {
            RemoveExpired(now);
            var held = _entries.TryGetValue(key, out var entry) && entry.Owner == token;
            Set(key, new Entry(null, now + retention.Ticks));
            return ValueTask.FromResult(held);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = OwnerCallAt(key, token, lease, nameof(lease));
        lock (_lock)
        {
            // Expired first: a claim whose lease lapsed is no longer this token's, even before another takes it.
            RemoveExpired(now);
            if (!_entries.TryGetValue(key, out var entry) || entry.Owner != token) return ValueTask.FromResult(false);
            Set(key, entry with { Expiry = now + lease.Ticks });
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        // The queue entry stays until it comes up and is then found stale (its expiry no longer matches).
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Owner == token) _entries.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Checks the arguments of a call by a claim's owner that sets how long the key lasts; the time now, in UTC ticks.</summary>
    private long OwnerCallAt(string key, string token, TimeSpan duration, string durationName)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero, durationName);
        return _time.GetUtcNow().UtcTicks;
    }

    /// <summary>Records <paramref name="entry"/> under <paramref name="key"/>, making room first for a new key.</summary>
    private void Set(string key, Entry entry)
    {
        if (!_entries.ContainsKey(key))
        {
            while (_entries.Count >= _capacity) RemoveSoonestToExpire();
        }

        _entries[key] = entry;
        _byExpiry.Enqueue(key, entry.Expiry);
        if (_byExpiry.Count > 2 * _capacity) Compact();
    }

    /// <summary>Drops the queue entries released, renewed or completed keys left behind, so they cannot grow it without bound.</summary>
    private void Compact()
    {
        _byExpiry.Clear();
        foreach (var (key, entry) in _entries) _byExpiry.Enqueue(key, entry.Expiry);
    }

    private void RemoveExpired(long now)
    {
        // Only what has expired: a stale entry on top must not take the next, live one with it.
        while (_byExpiry.TryPeek(out _, out var expiry) && expiry <= now)
        {
            RemoveIfCurrent(_byExpiry.Dequeue(), expiry);
        }
    }

    private void RemoveSoonestToExpire()
    {
        while (_byExpiry.TryDequeue(out var key, out var expiry))
        {
            if (RemoveIfCurrent(key, expiry)) return;
        }
    }

    /// <summary>
    /// Removes the key when the queue entry is its current one; a released, renewed, completed or
    /// re-claimed key leaves stale entries behind, which are skipped.
    /// </summary>
    private bool RemoveIfCurrent(string key, long expiry)
    {
        if (!_entries.TryGetValue(key, out var current) || current.Expiry != expiry) return false;
        _entries.Remove(key);
        return true;
    }

    /// <summary>One key's state: in progress, owned by <paramref name="Owner"/>, or done (no owner); either until <paramref name="Expiry"/> (UTC ticks).</summary>
    private readonly record struct Entry(string? Owner, long Expiry);
}
