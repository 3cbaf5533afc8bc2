namespace MinimalApi.Activity;

/// <summary>The most recent webhook deliveries, newest first, kept in memory for the activity panel.</summary>
public sealed class ActivityLog(TimeProvider time)
{
    private const int Capacity = 50;
    private readonly LinkedList<ActivityEntry> _entries = new();
    private readonly Lock _lock = new();

    public void Add(string eventName, string channel, string? userId)
    {
        var entry = new ActivityEntry(eventName, channel, userId, time.GetUtcNow());
        lock (_lock)
        {
            _entries.AddFirst(entry);
            if (_entries.Count > Capacity) _entries.RemoveLast();
        }
    }

    public IReadOnlyList<ActivityEntry> Recent()
    {
        lock (_lock) return [.. _entries];
    }
}

/// <summary>One webhook event as the activity panel shows it.</summary>
public sealed record ActivityEntry(string Event, string Channel, string? UserId, DateTimeOffset ReceivedAt);
