namespace Apinator;

/// <summary>
/// A publish queue set to refuse when full (<c>QueueFullMode.Throw</c>) had no room for an event: it
/// was not accepted and will not be sent. Slow down, raise the capacity, or let callers wait
/// (<c>QueueFullMode.Wait</c>).
/// </summary>
public sealed class ApinatorQueueFullException : ApinatorException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="capacity">How many events the queue holds at most.</param>
    public ApinatorQueueFullException(int capacity)
        : base($"The publish queue is full ({capacity} events waiting to be sent); the event was not accepted. The service may be slow or down: slow down, raise Capacity, or set FullMode to Wait.")
    {
        Capacity = capacity;
    }

    /// <summary>How many events the queue holds at most.</summary>
    public int Capacity { get; }
}
