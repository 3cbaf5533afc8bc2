using Microsoft.Extensions.Logging;

namespace Apinator.Aot.Tests.InProcess;

/// <summary>A logger provider that only signals that something was logged, so a test can wait for an entry written after a request's answer (a stop, a background sender).</summary>
internal sealed class LogSignal : ILoggerProvider
{
    private TaskCompletionSource _logged = New();

    /// <summary>Completes at the next entry logged after it was read.</summary>
    public Task Next => Volatile.Read(ref _logged).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Logger(LogSignal signal) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Exchange(ref signal._logged, New()).TrySetResult();
    }
}
