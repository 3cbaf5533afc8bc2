using Apinator.AspNetCore.Publishing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.Testing;

/// <summary>Lets a test wait for the app's publish queue (<c>AddPublishQueue</c>) to send what it accepted.</summary>
public static class PublishQueueTestingExtensions
{
    /// <summary>How long a drain waits by default before failing the test.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits until the app's publish queue is empty: every accepted event sent (to the <see cref="FakeApinator"/>,
    /// when the app uses one, so <see cref="FakeApinator.Triggered"/> lists it) or given up.
    /// </summary>
    /// <param name="services">The app's services, e.g. <c>factory.Services</c>.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultDrainTimeout"/> by default.</param>
    /// <returns>A task that completes when the queue is empty.</returns>
    /// <exception cref="ApinatorAssertionException">The app has no publish queue, or it did not empty in time (what still waits is said).</exception>
    public static async Task DrainPublishQueueAsync(this IServiceProvider services, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var queue = services.GetService<IApinatorPublisher>() ?? throw new ApinatorAssertionException("The app has no publish queue: call AddApinator(…).AddPublishQueue() in the app.");
        using var deadline = new CancellationTokenSource(timeout ?? DefaultDrainTimeout);
        try
        {
            await queue.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new ApinatorAssertionException($"The publish queue still held {queue.Count} events after {(timeout ?? DefaultDrainTimeout).TotalSeconds:0.#} s; the oldest was accepted at {queue.OldestEnqueuedAt:O}. Is the app started (its hosted sender running)?");
        }
    }

    /// <summary>As <see cref="DrainPublishQueueAsync(IServiceProvider, TimeSpan?)"/>, on the factory's app.</summary>
    /// <typeparam name="TEntryPoint">The app's entry point.</typeparam>
    /// <param name="factory">The factory, with its server started.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultDrainTimeout"/> by default.</param>
    /// <returns>A task that completes when the queue is empty.</returns>
    /// <exception cref="ApinatorAssertionException">The app has no publish queue, or it did not empty in time.</exception>
    public static Task DrainPublishQueueAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TimeSpan? timeout = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.Services.DrainPublishQueueAsync(timeout);
    }
}
