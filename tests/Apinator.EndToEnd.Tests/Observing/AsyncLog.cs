namespace Apinator.EndToEnd.Observing;

/// <summary>
/// An append-only, thread-safe record of what a peer produced (output lines, webhook events) that a
/// test can await: <see cref="WaitForAsync"/> looks at what already arrived and at what arrives next.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
public sealed class AsyncLog<T>
{
    private readonly List<T> _items = [];
    private readonly List<Waiter> _waiters = [];
    private readonly string _name;
    private string? _endedBecause;

    /// <summary>Creates an empty log.</summary>
    /// <param name="name">Who produces the items, for failure messages.</param>
    public AsyncLog(string name) => _name = name;

    /// <summary>How many items arrived so far; pass it as <c>from</c> to wait only for later ones.</summary>
    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    /// <summary>Appends an item and wakes the waiters it satisfies.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        List<(Waiter Waiter, Exception? Error)>? done = null;
        lock (_items)
        {
            _items.Add(item);
            var index = _items.Count - 1;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (index < waiter.From) continue;
                Exception? error = null;
                try
                {
                    if (!waiter.Predicate(item)) continue;
                }
                catch (Exception e)
                {
                    // A faulty predicate fails its own wait, not the producer adding items.
                    error = e;
                }

                _waiters.RemoveAt(i);
                (done ??= []).Add((waiter, error));
            }
        }

        foreach (var (waiter, error) in done ?? [])
        {
            if (error is null) waiter.Completion.TrySetResult(item);
            else waiter.Completion.TrySetException(error);
        }
    }

    /// <summary>Marks the end of the source (the process exited): pending and later waits fail at once.</summary>
    /// <param name="reason">Why nothing more will arrive.</param>
    public void End(string reason)
    {
        List<Waiter> pending;
        lock (_items)
        {
            _endedBecause ??= reason;
            pending = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in pending) waiter.Completion.TrySetException(new InvalidOperationException($"{_name}: {reason} while waiting for {waiter.What}."));
    }

    /// <summary>The items from index <paramref name="from"/> on.</summary>
    /// <param name="from">The first index.</param>
    /// <returns>A copy.</returns>
    public IReadOnlyList<T> Snapshot(int from = 0)
    {
        lock (_items) return _items.Skip(from).ToList();
    }

    /// <summary>Waits for the first item at or after <paramref name="from"/> that matches.</summary>
    /// <param name="predicate">What to wait for.</param>
    /// <param name="what">A description for the failure message.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="from">Ignore items before this index.</param>
    /// <param name="diagnostics">More to show when the wait fails (e.g. the process's stderr).</param>
    /// <returns>The item.</returns>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, string what, TimeSpan timeout, int from = 0, Func<string>? diagnostics = null)
    {
        Waiter waiter;
        lock (_items)
        {
            for (var i = from; i < _items.Count; i++)
            {
                if (predicate(_items[i])) return _items[i];
            }

            if (_endedBecause is not null) throw new InvalidOperationException($"{_name}: {_endedBecause} before {what}.{Describe(from, diagnostics)}");
            waiter = new Waiter(predicate, from, what);
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_items) _waiters.Remove(waiter);
            throw new TimeoutException($"{_name}: no {what} within {timeout.TotalSeconds:0.#} s.{Describe(from, diagnostics)}");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(e.Message + Describe(from, diagnostics), e);
        }
    }

    private string Describe(int from, Func<string>? diagnostics)
    {
        var seen = Snapshot(from);
        var text = $"\nSeen ({seen.Count}):\n  " + string.Join("\n  ", seen.TakeLast(30).Select(item => item?.ToString()));
        return diagnostics is null ? text : text + "\n" + diagnostics();
    }

    private sealed class Waiter(Func<T, bool> predicate, int from, string what)
    {
        public Func<T, bool> Predicate { get; } = predicate;
        public int From { get; } = from;
        public string What { get; } = what;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
