using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Apinator.Tests.TestDoubles;

/// <summary>Keeps every log entry, formatted, so tests can assert what was (and was not) logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new RecordedLog(logLevel, eventId.Id, formatter(state, exception), exception));
}

/// <summary>One entry of a <see cref="RecordingLogger{T}"/>; <see cref="Text"/> is everything a log sink could show.</summary>
internal sealed record RecordedLog(LogLevel Level, int EventId, string Message, Exception? Exception)
{
    public string Text => Message + "\n" + Exception;
}
