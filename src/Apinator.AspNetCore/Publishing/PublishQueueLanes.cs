using System.Text;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// Which lane a channel goes through: a hash of its UTF-8 name that is the same in every process
/// (<see cref="string.GetHashCode()"/> is randomized per process), so instances sharing a durable
/// queue agree on it and a channel's events stay in one ordered lane.
/// </summary>
public static class PublishQueueLanes
{
    /// <summary>The lane of <paramref name="channel"/> among <paramref name="lanes"/> (FNV-1a, 32 bits).</summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="lanes">How many lanes there are (at least 1).</param>
    /// <returns>A lane from 0 to <paramref name="lanes"/> − 1.</returns>
    public static int Of(string channel, int lanes)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(channel) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(channel, buffer)] : Encoding.UTF8.GetBytes(channel);
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)lanes);
    }
}
