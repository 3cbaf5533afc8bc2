using System.Text.Json;
using Apinator.AspNetCore.Publishing;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// One lane of the Redis publish queue as this instance sees it: whether it holds the lease, where its
/// reading stands, and the entries taken but not yet deleted. Used by the lane's one sender loop; the
/// renewal only clears <see cref="Held"/>.
/// </summary>
internal sealed class RedisQueueLane(RedisKey stream, RedisKey lease)
{
    private readonly Queue<RedisValue> _taken = new();
    private readonly List<RedisValue> _acknowledged = [];
    private TaskCompletionSource _signal = NewSignal();
    private volatile bool _held;

    public RedisKey Stream { get; } = stream;

    public RedisKey Lease { get; } = lease;

    public bool Held => _held;

    /// <summary>Where the next read starts: the stream's start, or just after the last entry taken.</summary>
    public RedisValue After { get; private set; } = "-";

    public bool HasAcknowledged => _acknowledged.Count > 0;

    public RedisValue[] Acknowledged => [.. _acknowledged];

    public void Acquire()
    {
        _taken.Clear();
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

    public void Acknowledge(int count)
    {
        for (var i = 0; i < count && _taken.Count > 0; i++) _acknowledged.Add(_taken.Dequeue());
    }

    public void AcknowledgedDeleted() => _acknowledged.Clear();

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
