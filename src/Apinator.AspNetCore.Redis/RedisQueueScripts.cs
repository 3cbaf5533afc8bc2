using Apinator.AspNetCore.Publishing;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>The durable publish queue's Lua scripts: each atomic on the server.</summary>
internal static class RedisQueueScripts
{
    // KEYS every lane's stream; ARGV[1] capacity, ARGV[2] n, ARGV[3] the wake-up channel, then per event
    // its lane's KEYS index and its fields. All or none: -1 when the queue lacks room for n more, else the
    // new total. Each lane written to is published (0-based) once, from the script: no extra round trip.
    public const string Add = """
        local total = 0
        for i = 1, #KEYS do total = total + redis.call('XLEN', KEYS[i]) end
        local n = tonumber(ARGV[2])
        if total + n > tonumber(ARGV[1]) then return -1 end
        local woken = {}
        for i = 0, n - 1 do
          local lane = tonumber(ARGV[4 + 3 * i])
          redis.call('XADD', KEYS[lane], '*', 't', ARGV[5 + 3 * i], 'e', ARGV[6 + 3 * i])
          if not woken[lane] then
            woken[lane] = true
            redis.call('PUBLISH', ARGV[3], lane - 1)
          end
        end
        return total + n
        """;

    /// <summary>The arguments of <see cref="Add"/> for <paramref name="events"/>.</summary>
    public static RedisValue[] AddArguments(QueuedEvent[] events, int capacity, int lanes, RedisChannel wakeups)
    {
        var args = new RedisValue[3 + (3 * events.Length)];
        args[0] = capacity;
        args[1] = events.Length;
        args[2] = wakeups.ToString();
        for (var i = 0; i < events.Length; i++)
        {
            args[3 + (3 * i)] = PublishQueueLanes.Of(events[i].Event.Channel, lanes) + 1;
            args[4 + (3 * i)] = events[i].EnqueuedAt.ToUnixTimeMilliseconds();
            args[5 + (3 * i)] = RedisQueuedEvent.Write(events[i]);
        }

        return args;
    }

    // KEYS[1] stream, KEYS[2] lease; ARGV[1] token, ARGV[2] start, ARGV[3] count. Reads only while the
    // lease is the caller's, so an instance that lost its lane (paused past the lease) stops at once.
    public const string Take = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
        return redis.call('XRANGE', KEYS[1], ARGV[2], '+', 'COUNT', ARGV[3])
        """;

    // KEYS every lane's stream. {total, oldest accepted-at in ms or -1}.
    public const string Depth = """
        local total, oldest = 0, -1
        for i = 1, #KEYS do
          total = total + redis.call('XLEN', KEYS[i])
          local first = redis.call('XRANGE', KEYS[i], '-', '+', 'COUNT', 1)
          if #first > 0 then
            local t = tonumber(first[1][2][2])
            if oldest < 0 or t < oldest then oldest = t end
          end
        end
        return {total, oldest}
        """;
}
