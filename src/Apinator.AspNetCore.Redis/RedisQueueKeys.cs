using System.Globalization;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// The durable publish queue's keys, all in one hash slot (<c>apinator:queue:{name}:…</c>): a stream and
/// a lease per lane, the count of entries, the idle lanes' flags, the number of lanes the entries were
/// laid out for, the data-loss marker, the wake-up channel.
/// </summary>
internal sealed class RedisQueueKeys
{
    public RedisQueueKeys(string name, int lanes)
    {
        var keys = $"apinator:queue:{{{name}}}:";
        Marker = keys + "marker";
        Wakeups = keys + "added";
        Count = keys + "count";
        Idle = keys + "idle";
        Add = new RedisKey[lanes + 3];
        for (var i = 0; i < lanes; i++) Add[i] = keys + "lane:" + i.ToString(CultureInfo.InvariantCulture);
        Add[^3] = Count;
        Add[^2] = Idle;
        Add[^1] = keys + "lanes";
        Depth = Add[..^2];
    }

    public string Marker { get; }

    public string Wakeups { get; }

    public RedisKey Count { get; }

    public RedisKey Idle { get; }

    /// <summary>The add script's keys: every lane's stream, then the count, the idle flags and the agreed number of lanes.</summary>
    public RedisKey[] Add { get; }

    /// <summary>The depth script's keys: every lane's stream, then the count.</summary>
    public RedisKey[] Depth { get; }

    /// <summary>Each lane's stream and lease.</summary>
    public RedisQueueLane[] Lanes() => [.. Add[..^3].Select(stream => new RedisQueueLane(stream, stream.Append(":lease")))];
}
