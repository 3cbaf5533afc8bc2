using System.Collections.Concurrent;

namespace AotApp;

/// <summary>
/// Signals between the webhook handler and the test driving the app, so a delivery can be held in
/// its handler while a copy arrives (the 503 answer) without any timing guesses.
/// </summary>
public sealed class HandlerGate
{
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Release)> _held = new();
    private readonly ConcurrentDictionary<string, int> _handled = new();

    /// <summary>Records that <paramref name="channel"/>'s event was handled.</summary>
    public void Handled(string channel) => _handled.AddOrUpdate(channel, 1, static (_, count) => count + 1);

    /// <summary>How many times an event of <paramref name="channel"/> was handled.</summary>
    public int HandledCount(string channel) => _handled.TryGetValue(channel, out var count) ? count : 0;

    /// <summary>Says the handler entered, then waits until the test releases it.</summary>
    public Task HoldAsync(string channel, CancellationToken cancellationToken)
    {
        var gate = For(channel);
        gate.Entered.TrySetResult();
        return gate.Release.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the handler holding <paramref name="channel"/> has entered.</summary>
    public Task EnteredAsync(string channel, CancellationToken cancellationToken) => For(channel).Entered.Task.WaitAsync(cancellationToken);

    /// <summary>Lets the held handler finish.</summary>
    public void Release(string channel) => For(channel).Release.TrySetResult();

    private (TaskCompletionSource Entered, TaskCompletionSource Release) For(string channel) =>
        _held.GetOrAdd(channel, static _ => (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)));
}
