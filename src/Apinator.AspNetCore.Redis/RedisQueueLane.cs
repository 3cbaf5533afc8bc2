using System.Text.Json;
using Apinator.AspNetCore.Publishing;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// One lane of the Redis publish queue as this instance sees it: whether it holds the lease, where its
/// reading stands, the entries taken but not yet deleted, and those read ahead by the last delete but not
/// yet taken. Used by the lane's one sender loop; the renewal only clears <see cref="Held"/>.
/// </summary>
internal sealed class RedisQueueLane(RedisKey stream, RedisKey lease)
{
    private readonly Queue<RedisValue> _taken = new();
    private readonly List<RedisValue> _acknowledged = [];
    private TaskCompletionSource _signal = NewSignal();
    private RedisResult[] _ahead = [];
    private int _aheadAt;
    private int _readAhead;
    private volatile bool _held;

    public RedisKey Stream { get; } = stream;

    public RedisKey Lease { get; } = lease;

    public bool Held => _held;

    /// <summary>Where the next read starts: the stream's start, or just after the last entry taken.</summary>
    public RedisValue After { get; private set; } = "-";

    public bool HasAcknowledged => _acknowledged.Count > 0;

    /// <summary>Whether the last delete read entries that wait to be taken.</summary>
    public bool HasAhead => _aheadAt < _ahead.Length;

    public void Acquire()
    {
        _taken.Clear();
        _ahead = [];
        After = "-";
        _held = true;
    }

    public void Lose() => _held = false;

    private void Taken(RedisValue id)
    {
        _taken.Enqueue(id);
        After = "(" + id;
    }

    /// <summary>Passes an entry over without sending it; it is deleted with the next acknowledgement.</summary>
    private void Skip(RedisValue id)
    {
        _acknowledged.Add(id);
        After = "(" + id;
    }

    /// <summary>Adds the entries a take read to <paramref name="batch"/>; one this version cannot read is passed over and given to <paramref name="unreadable"/>.</summary>
    public void Take(RedisResult[] entries, List<QueuedEvent> batch, Action<RedisValue, Exception> unreadable)
    {
        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            var id = (RedisValue)parts[0];
            var fields = (RedisValue[])parts[1]!;
            try
            {
                batch.Add(RedisQueuedEvent.Read(fields[3]!, (long)fields[1]));
                Taken(id);
            }
            catch (Exception e) when (e is JsonException or InvalidCastException or FormatException or IndexOutOfRangeException)
            {
                // Not an entry this version wrote: sending it is impossible, keeping it would block the lane.
                unreadable(id, e);
                Skip(id);
            }
        }
    }

    /// <summary>Up to <paramref name="max"/> of the entries read ahead, for <see cref="Take"/>; null when none wait.</summary>
    public RedisResult[]? TakeAhead(int max)
    {
        if (!HasAhead) return null;
        var count = Math.Min(max, _ahead.Length - _aheadAt);
        _aheadAt += count;
        return _ahead[(_aheadAt - count).._aheadAt];
    }

    /// <summary>Reads up to <paramref name="max"/> entries from where the reading stands (<see cref="RedisQueueScripts.Take"/>); null when the lease is no longer <paramref name="token"/>'s.</summary>
    public async Task<RedisResult[]?> ReadAsync(IDatabase db, string token, int max, CancellationToken cancellationToken)
    {
        var result = await db.ScriptEvaluateAsync(RedisQueueScripts.Take, [Stream, Lease], [token, After, max]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : (RedisResult[])result!;
    }

    /// <summary>Whether an entry waits (1), none does and the lane's idle flag is now set (0), or the lease is no longer <paramref name="token"/>'s (-1): <see cref="RedisQueueScripts.Look"/>.</summary>
    public async Task<long> LookAsync(IDatabase db, RedisKey idleFlags, int flag, string token) =>
        (long)await db.ScriptEvaluateAsync(RedisQueueScripts.Look, [Stream, idleFlags, Lease], [After, flag, token]).ConfigureAwait(false);

    /// <summary>Sizes the reads ahead to the largest batch the sender asked for.</summary>
    public void Asked(int max) => _readAhead = Math.Max(_readAhead, max);

    public void Acknowledge(int count)
    {
        for (var i = 0; i < count && _taken.Count > 0; i++) _acknowledged.Add(_taken.Dequeue());
    }

    /// <summary>Whether entries taken are still being sent (a batch released in parts: split, one by one, too old).</summary>
    public bool HasTaken => _taken.Count > 0;

    /// <summary>
    /// Deletes the acknowledged entries (<see cref="RedisQueueScripts.Delete"/>) and, with <paramref name="readAhead"/>,
    /// reads the next ones in the same call. They replace what was read ahead before: read from the same
    /// place on, they include what of it was not taken yet. Without it, what was read ahead still waits.
    /// </summary>
    public async Task DeleteAcknowledgedAsync(IDatabase db, RedisKey count, string token, bool readAhead)
    {
        RedisValue[] args = [token, After, readAhead ? _readAhead : 0, .. _acknowledged];
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisQueueScripts.Delete, [Stream, count, Lease], args).ConfigureAwait(false))!;
        _acknowledged.Clear();
        if (!readAhead) return;
        _ahead = result.Length > 1 ? (RedisResult[])result[1]! : [];
        _aheadAt = 0;
    }

    /// <summary>The task the next <see cref="Signal"/> completes: read it before looking, so a signal after the look is not missed.</summary>
    public Task NextSignal() => Volatile.Read(ref _signal).Task;

    /// <summary>Waits for <paramref name="signalled"/> or <paramref name="poll"/>, whichever comes first; a signal stops the poll's timer.</summary>
    public static async Task WaitAsync(Task signalled, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using (var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(signalled, Task.Delay(poll, time, polling.Token)).ConfigureAwait(false);
            await polling.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
