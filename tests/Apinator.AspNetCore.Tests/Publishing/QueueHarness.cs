using System.Threading.Channels;
using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>An app with a publish queue over a <see cref="QueueSink"/>, on a clock that tells when a one-shot timer starts.</summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly PublishQueueSender _sender;
    private bool _started;

    public QueueHarness(Action<PublishQueueOptions>? configure = null, ApinatorProtocol protocol = ApinatorProtocol.Pusher, Action<ApinatorOptions>? client = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        var apinator = services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.Protocol = protocol;
            o.BaseAddress = new Uri("http://127.0.0.1:9");
            client?.Invoke(o);
        });
        apinator.HttpClient.ConfigurePrimaryHttpMessageHandler(() => Sink);
        apinator.AddPublishQueue(o =>
        {
            // Batches form from what is already there: no timer but the ones a test waits for.
            o.Linger = TimeSpan.Zero;
            o.OnGivenUp = (failure, _) =>
            {
                lock (GivenUp) GivenUp.Add(failure);
                return ValueTask.CompletedTask;
            };
            configure?.Invoke(o);
        });
        services.AddHealthChecks().AddApinator();
        _provider = services.BuildServiceProvider();
        Publisher = _provider.GetRequiredService<IApinatorPublisher>();
        _sender = _provider.GetServices<IHostedService>().OfType<PublishQueueSender>().Single();
    }

    public QueueSink Sink { get; } = new();

    public SignallingClock Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingLoggerProvider Logs { get; } = new();

    public List<PublishFailure> GivenUp { get; } = [];

    public IApinatorPublisher Publisher { get; }

    public IServiceProvider Services => _provider;

    public Task StartAsync()
    {
        _started = true;
        return _sender.StartAsync(CancellationToken.None);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _sender.StopAsync(cancellationToken);

    public Task FlushAsync() => Publisher.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    public async ValueTask DisposeAsync()
    {
        if (_started) await _sender.StopAsync(new CancellationToken(canceled: true));
        await _provider.DisposeAsync();
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that signals each one-shot timer started on it, with its due time.</summary>
internal sealed class SignallingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            _started.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits until a timer is started (a guard time only fails a broken test sooner).</summary>
    public async Task<TimeSpan> TimerStartedAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _started.Reader.ReadAsync(guard.Token);
    }
}
