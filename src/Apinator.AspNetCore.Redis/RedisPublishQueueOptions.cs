namespace Apinator.AspNetCore.Redis;

/// <summary>Settings of the durable publish queue on Redis (<c>UseRedisPublishQueue</c>).</summary>
public sealed class RedisPublishQueueOptions
{
    /// <summary>
    /// Names the queue's keys (<c>apinator:queue:{Name}:…</c>); instances sharing a queue use the same
    /// name and the same <c>PublishQueueOptions.Lanes</c>. <c>default</c> by default.
    /// </summary>
    public string Name { get; set; } = "default";

    /// <summary>
    /// How long a lane stays with the instance sending it without a renewal (renewed every third of
    /// it): after a crash, another instance takes the lane over within this time. 5 seconds by default.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a lane another instance sends is tried for its lease, and a full queue looks for room; 100 ms by default.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often an idle lane this instance sends looks for new events by itself. Every accepted event
    /// wakes its lane's sender at once (Redis pub/sub), but a notification published while the
    /// subscription reconnects is lost: this poll is the safety net, the longest such an event waits. 1 second by default.
    /// </summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('{') || Name.Contains('}')) throw new ArgumentException("RedisPublishQueueOptions.Name must be a non-empty name without braces.", nameof(Name));
        if (Lease < TimeSpan.FromMilliseconds(300)) throw new ArgumentException("RedisPublishQueueOptions.Lease must be at least 300 ms.", nameof(Lease));
        if (PollInterval <= TimeSpan.Zero || PollInterval >= Lease) throw new ArgumentException("RedisPublishQueueOptions.PollInterval must be positive and shorter than the Lease.", nameof(PollInterval));
        if (IdlePollInterval <= TimeSpan.Zero) throw new ArgumentException("RedisPublishQueueOptions.IdlePollInterval must be positive.", nameof(IdlePollInterval));
    }
}
