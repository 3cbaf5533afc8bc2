namespace AotApp;

/// <summary>
/// Test-only: registered after the publish queue, so the host (which stops hosted services in reverse
/// order) stops it just before the queue's sender. Its log line tells a test that the events still
/// queued are now the sender's to drain.
/// </summary>
public sealed partial class QueueStopSignal(ILogger<QueueStopSignal> logger) : IHostedService
{
    public const string Message = "AotApp: the publish queue's sender stops next";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = Message)]
    private static partial void LogStopping(ILogger logger);
}
