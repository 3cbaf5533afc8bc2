using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Group commit of accepts: one writer loop sends the add script for every enqueue pending when it is
/// free, so concurrent enqueues on an instance cost one Redis call, not one each. The first enqueue after
/// an idle moment goes at once (no linger); those arriving while a call is in flight go together in the
/// next. Each caller stays all or none and learns its own outcome; none is completed before the call that
/// carried it has returned (accepted means written to Redis). A caller cancelled before its call was sent
/// is left out of it, so a cancelled enqueue has written nothing; once sent, it waits for the answer.
/// </summary>
/// <param name="keys">The add script's keys: every lane's stream, the count, the idle flags, the agreed number of lanes.</param>
/// <param name="capacity">The most events the queue holds.</param>
/// <param name="wakeups">Where the script publishes an idle lane's wake-up.</param>
/// <param name="database">Connects if needed.</param>
/// <param name="name">The queue's name, for the message of a disagreement on lanes.</param>
internal sealed class RedisQueueAccepts(RedisKey[] keys, int capacity, RedisChannel wakeups, Func<Task<IDatabase>> database, string name)
{
    // Keeps one script call (and its blocking of Redis) short however many callers wait.
    private const int MaxEventsPerCall = 1000;

    private readonly ConcurrentQueue<Request> _pending = new();
    private readonly string _channel = wakeups.ToString();
    private int _writing;

    /// <summary>Adds one caller's events (<see cref="RedisQueueScripts.AddArguments"/>): the new total once accepted, or -1 when the queue lacks room for them.</summary>
    public Task<long> AddAsync(RedisValue[] events, CancellationToken cancellationToken)
    {
        var request = new Request(events);
        if (cancellationToken.CanBeCanceled) request.Listen(cancellationToken);
        _pending.Enqueue(request);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0) _ = WriteAsync();
        return request.Task;
    }

    private async Task WriteAsync()
    {
        var call = new List<Request>();
        while (true)
        {
            while (TakePending(call))
            {
                await CallAsync(call).ConfigureAwait(false);
                call.Clear();
            }

            // A caller that enqueued after the last look but before this saw the loop running: look again.
            // A full fence, not a release write: the look below must not be done before the flag is seen
            // cleared, or a caller that enqueues in between finds the flag still set, the loop finds the
            // queue empty, and that caller waits until some later enqueue starts the loop again.
            Interlocked.Exchange(ref _writing, 0);
            if (_pending.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0) return;
        }
    }

    private bool TakePending(List<Request> call)
    {
        var events = 0;
        while (events < MaxEventsPerCall && _pending.TryDequeue(out var request))
        {
            if (!request.TrySend()) continue;
            call.Add(request);
            events += (int)request.Events[0];
        }

        return call.Count > 0;
    }

    private async Task CallAsync(List<Request> call)
    {
        var args = new RedisValue[2 + call.Sum(r => r.Events.Length)];
        (args[0], args[1]) = (capacity, _channel);
        var at = 2;
        foreach (var request in call)
        {
            request.Events.CopyTo(args, at);
            at += request.Events.Length;
        }

        try
        {
            var db = await database().ConfigureAwait(false);
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisQueueScripts.Add, keys, args).ConfigureAwait(false))!;
            var total = (long)result[0];
            if (total < 0) throw LanesDisagree((long)result[1]);
            for (var i = 0; i < call.Count; i++) call[i].Complete((long)result[i + 1] == 1 ? total : -1);
        }
        catch (Exception e)
        {
            // Each caller's task faults as its own call's would have: the writer goes on with the next.
            foreach (var request in call) request.Fail(e);
        }
    }

    private ApinatorConfigurationException LanesDisagree(long agreed) => new(
        $"The publish queue '{name}' on Redis was laid out for {agreed} lanes and this instance has {keys.Length - 3} (PublishQueue:Lanes), " +
        "so it would put a channel's events on another lane than earlier ones, out of order; nothing was written. Give every instance the same Lanes. " +
        $"To change it, drain the queue, stop every instance and delete the key apinator:queue:{{{name}}}:lanes, or use another RedisPublishQueueOptions.Name.");

    private sealed class Request(RedisValue[] events)
    {
        private const int Pending = 0;
        private const int Sent = 1;
        private const int Cancelled = 2;

        private readonly TaskCompletionSource<long> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;
        private int _state;

        public RedisValue[] Events { get; } = events;

        public Task<long> Task => _outcome.Task;

        public void Listen(CancellationToken cancellationToken) => _registration = cancellationToken.Register(static (state, token) =>
        {
            var request = (Request)state!;
            if (Interlocked.CompareExchange(ref request._state, Cancelled, Pending) == Pending) request._outcome.TrySetCanceled(token);
        }, this);

        /// <summary>True when the request goes in the call being built; false when its caller was cancelled first.</summary>
        public bool TrySend() => Interlocked.CompareExchange(ref _state, Sent, Pending) == Pending;

        public void Complete(long total)
        {
            _registration.Dispose();
            _outcome.TrySetResult(total);
        }

        public void Fail(Exception e)
        {
            _registration.Dispose();
            _outcome.TrySetException(e);
        }
    }
}
