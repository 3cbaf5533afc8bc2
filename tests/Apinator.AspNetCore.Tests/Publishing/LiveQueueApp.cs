using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// An app with a publish queue as a user configures it: the system clock, real HTTP to a service
/// address, and the queue's defaults (linger, maximum event age, back-off cap, lease), in memory or,
/// with a Redis connection string, on Redis. It records what it gave up and what it logged.
/// </summary>
internal sealed class LiveQueueApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly PublishQueueSender _sender;
    private bool _started;

    public LiveQueueApp(Uri service, string? redis = null, string? queue = null, int? lanes = null, ApinatorProtocol protocol = ApinatorProtocol.Pusher)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        var apinator = services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.Protocol = protocol;
            o.BaseAddress = service;
        }).AddPublishQueue(o =>
        {
            if (lanes is { } count) o.Lanes = count;
            o.OnGivenUp = (failure, _) =>
            {
                lock (GivenUp) GivenUp.Add(failure);
                return ValueTask.CompletedTask;
            };
        });
        if (redis is not null) apinator.UseRedisPublishQueue(redis, r => r.Name = queue ?? "default");
        _provider = services.BuildServiceProvider();
        Publisher = _provider.GetRequiredService<IApinatorPublisher>();
        _sender = _provider.GetServices<IHostedService>().OfType<PublishQueueSender>().Single();
        Options = _provider.GetRequiredService<IOptions<PublishQueueOptions>>().Value;
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public List<PublishFailure> GivenUp { get; } = [];

    public IApinatorPublisher Publisher { get; }

    public PublishQueueOptions Options { get; }

    public Task StartAsync()
    {
        _started = true;
        return _sender.StartAsync(CancellationToken.None);
    }

    /// <summary>Waits until the queue is empty; fails with <paramref name="what"/> after <paramref name="bound"/>.</summary>
    public async Task FlushAsync(TimeSpan bound, string what)
    {
        using var guard = new CancellationTokenSource(bound);
        try
        {
            await Publisher.FlushAsync(guard.Token);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            Assert.Fail($"{what}: the queue still held {Publisher.Count} events after {bound.TotalSeconds:0} s.");
        }
    }

    /// <summary>Stops at once, as a host whose shutdown timeout ran out: nothing is drained.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started) await _sender.StopAsync(new CancellationToken(canceled: true));
        await _provider.DisposeAsync();
    }
}
