namespace Apinator.AspNetCore.Publishing;

/// <summary>Settings of the publish queue (<c>AddApinator(…).AddPublishQueue(…)</c>).</summary>
public sealed class PublishQueueOptions
{
    /// <summary>The most events (one per channel) waiting at once; 10,000 by default. Memory is bounded by it.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>What an enqueue does when the queue is full: wait for room (the default) or throw <see cref="ApinatorQueueFullException"/>.</summary>
    public QueueFullMode FullMode { get; set; } = QueueFullMode.Wait;

    /// <summary>How long a sender waits for more events to fill a batch when fewer than a batch are ready; 5 ms by default, zero to send what is there at once.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>An event not sent within this time of being accepted is given up and reported; 1 minute by default.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many batches are sent at once, each by its own ordered lane; 8 by default. A channel always
    /// goes through the same lane, and a lane sends one batch at a time (retrying it in place), so events
    /// of one channel reach the service in the order they were accepted.
    /// </summary>
    public int Lanes { get; set; } = 8;

    /// <summary>The longest back-off between two tries when the service gives no <c>Retry-After</c>; 5 seconds by default. A <c>Retry-After</c> is honoured as given.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The health check (<c>AddHealthCheck</c>) reports Degraded when the oldest waiting event is older than this; 10 seconds by default.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Called for every event the queue gives up, after it was logged and counted: e.g. to store it for
    /// a later replay. It runs on the sender (keep it short); an exception it throws is logged and ignored.
    /// </summary>
    public Func<PublishFailure, CancellationToken, ValueTask>? OnGivenUp { get; set; }

    /// <summary>The settings' problems, each a sentence; empty when they are usable.</summary>
    internal List<string> Validate()
    {
        var errors = new List<string>();
        if (Capacity < 1) errors.Add("PublishQueue Capacity must be at least 1.");
        if (!Enum.IsDefined(FullMode)) errors.Add("PublishQueue FullMode must be Wait or Throw.");
        if (Linger < TimeSpan.Zero || Linger > TimeSpan.FromSeconds(1)) errors.Add("PublishQueue Linger must be between 0 and 1 second.");
        if (MaxEventAge <= TimeSpan.Zero) errors.Add("PublishQueue MaxEventAge must be positive.");
        if (Lanes is < 1 or > 256) errors.Add("PublishQueue Lanes must be between 1 and 256.");
        if (MaxRetryDelay <= TimeSpan.Zero) errors.Add("PublishQueue MaxRetryDelay must be positive.");
        if (DegradedAfter <= TimeSpan.Zero) errors.Add("PublishQueue DegradedAfter must be positive.");
        return errors;
    }
}
