using Apinator.AspNetCore.Publishing;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// The durable publish queue's Lua scripts, each atomic on the server. The queue's size is a count key
/// kept by the scripts that add and delete entries, so an accept is O(1) whatever the number of lanes;
/// the depth script, run at every lease renewal, sets it again from the streams themselves, so a count
/// that drifted (entries written or evicted behind the scripts' back, or left by a version before the
/// count) is right again within a renewal. A Redis that loses its data loses the count with the streams.
/// </summary>
internal static class RedisQueueScripts
{
    // KEYS every lane's stream, then the count, the idle flags and the agreed number of lanes; ARGV[1]
    // capacity, ARGV[2] the wake-up channel, then per caller its event count n and n times (lane's KEYS
    // index, accepted-at, entry). Each caller all or none, in turn: {new total, then 1 (accepted) or 0
    // (no room) per caller}. A lane whose sender said it was idle (its flag set) is published (0-based)
    // and its flag cleared; a busy sender reads the entry after its batch anyway and needs no wake-up.
    // The first add sets the number of lanes; an instance with another number writes nothing and gets
    // {-1, the agreed number}: it would put a channel's events on another lane, out of order.
    public const string Add = """
        local lanes = #KEYS - 3
        local count, idle, agreed = KEYS[lanes + 1], KEYS[lanes + 2], KEYS[lanes + 3]
        local layout = tonumber(redis.call('GET', agreed))
        if not layout then redis.call('SET', agreed, lanes) elseif layout ~= lanes then return {-1, layout} end
        local capacity = tonumber(ARGV[1])
        local before = tonumber(redis.call('GET', count) or '0')
        local total = before
        local out = {0}
        local a = 3
        while a <= #ARGV do
          local n = tonumber(ARGV[a])
          if total + n <= capacity then
            for i = 0, n - 1 do
              local lane = ARGV[a + 1 + 3 * i]
              redis.call('XADD', KEYS[tonumber(lane)], '*', 't', ARGV[a + 2 + 3 * i], 'e', ARGV[a + 3 + 3 * i])
              if redis.call('HDEL', idle, lane) == 1 then redis.call('PUBLISH', ARGV[2], tonumber(lane) - 1) end
            end
            total = total + n
            out[#out + 1] = 1
          else
            out[#out + 1] = 0
          end
          a = a + 1 + 3 * n
        end
        if total ~= before then redis.call('SET', count, total) end
        out[1] = total
        return out
        """;

    /// <summary>One caller's part of the arguments of <see cref="Add"/>: its event count, then each event's lane, accepted-at and entry.</summary>
    public static RedisValue[] AddArguments(QueuedEvent[] events, int lanes)
    {
        var args = new RedisValue[1 + (3 * events.Length)];
        args[0] = events.Length;
        for (var i = 0; i < events.Length; i++)
        {
            args[1 + (3 * i)] = PublishQueueLanes.Of(events[i].Event.Channel, lanes) + 1;
            args[2 + (3 * i)] = events[i].EnqueuedAt.ToUnixTimeMilliseconds();
            args[3 + (3 * i)] = RedisQueuedEvent.Write(events[i]);
        }

        return args;
    }

    // KEYS[1] stream, KEYS[2] idle flags, KEYS[3] lease; ARGV[1] start, ARGV[2] the lane's flag (its
    // 1-based index), ARGV[3] token. 1 when an entry waits; else 0, and the flag is set in the same step,
    // so an add that comes after the look sees it and wakes the sender. -1, touching no flag (it is the
    // holder's), when the lease is no longer the caller's (paused past it, not yet told by its renewal).
    public const string Look = """
        if redis.call('GET', KEYS[3]) ~= ARGV[3] then return -1 end
        if #redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', 1) > 0 then
          redis.call('HDEL', KEYS[2], ARGV[2])
          return 1
        end
        redis.call('HSETNX', KEYS[2], ARGV[2], 1)
        return 0
        """;

    // KEYS[1] stream, KEYS[2] lease; ARGV[1] token, ARGV[2] start, ARGV[3] count. Reads only while the
    // lease is the caller's, so an instance that lost its lane (paused past the lease) stops at once.
    public const string Take = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
        return redis.call('XRANGE', KEYS[1], ARGV[2], '+', 'COUNT', ARGV[3])
        """;

    // KEYS[1] stream, KEYS[2] count, KEYS[3] lease; ARGV[1] token, ARGV[2] start, ARGV[3] how many to read
    // next (0: none), then the ids sent or given up. The count goes down by what XDEL really deleted: ids
    // another instance deleted already (it took the lane over and sent them) count nothing. Then, while
    // the lease is the caller's, reads the lane's next entries in the same call, sparing the sender a
    // look and a take when more wait: {deleted, entries} or {deleted}.
    public const string Delete = """
        local deleted = redis.call('XDEL', KEYS[1], unpack(ARGV, 4))
        if deleted > 0 then redis.call('DECRBY', KEYS[2], deleted) end
        if tonumber(ARGV[3]) == 0 or redis.call('GET', KEYS[3]) ~= ARGV[1] then return {deleted} end
        return {deleted, redis.call('XRANGE', KEYS[1], ARGV[2], '+', 'COUNT', ARGV[3])}
        """;

    // KEYS every lane's stream, then the count. {total, oldest accepted-at in ms or -1}; the count is
    // set to the total when it differs.
    public const string Depth = """
        local total, oldest = 0, -1
        for i = 1, #KEYS - 1 do
          total = total + redis.call('XLEN', KEYS[i])
          local first = redis.call('XRANGE', KEYS[i], '-', '+', 'COUNT', 1)
          if #first > 0 then
            local t = tonumber(first[1][2][2])
            if oldest < 0 or t < oldest then oldest = t end
          end
        end
        if tonumber(redis.call('GET', KEYS[#KEYS]) or '0') ~= total then redis.call('SET', KEYS[#KEYS], total) end
        return {total, oldest}
        """;
}
