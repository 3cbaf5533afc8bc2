using Apinator.AspNetCore.Publishing;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// One instance of an app whose publish queue is on a real Redis, over its own <see cref="QueueSink"/>.
/// Its clock decides whether it renews its leases: a frozen one makes an instance that has stopped
/// working without letting go, as a crashed or paused one.
/// </summary>
internal sealed class RedisQueueInstance : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly PublishQueueSender _sender;
    private bool _started;
    private bool _disposed;

    public RedisQueueInstance(RedisServer server, string queue, TimeProvider time, int lanes = 2, ApinatorProtocol protocol = ApinatorProtocol.Pusher, TimeSpan? lease = null, Action<PublishQueueOptions>? queueOptions = null, string? connectionString = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(time);
        var apinator = services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.Protocol = protocol;
            o.BaseAddress = new Uri("http://127.0.0.1:9");
        });
        apinator.HttpClient.ConfigurePrimaryHttpMessageHandler(() => Sink);
        apinator.AddPublishQueue(o =>
        {
            o.Linger = TimeSpan.Zero;
            o.Lanes = lanes;
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.OnGivenUp = (failure, _) =>
            {
                lock (GivenUp) GivenUp.Add(failure);
                return ValueTask.CompletedTask;
            };
            queueOptions?.Invoke(o);
        }).UseRedisPublishQueue(connectionString ?? server.ConnectionString, r =>
        {
            r.Name = queue;
            r.Lease = lease ?? TimeSpan.FromSeconds(1);
            r.PollInterval = TimeSpan.FromMilliseconds(50);
        }).AddHealthCheck();
        services.AddHealthChecks().AddApinatorRedisPublishQueue();
        _provider = services.BuildServiceProvider();
        Publisher = _provider.GetRequiredService<IApinatorPublisher>();
        _sender = _provider.GetServices<IHostedService>().OfType<PublishQueueSender>().Single();
    }

    public QueueSink Sink { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public List<PublishFailure> GivenUp { get; } = [];

    public IApinatorPublisher Publisher { get; }

    /// <summary>The <c>apinator</c> check and the Redis queue's own, by name.</summary>
    public async Task<IReadOnlyDictionary<string, HealthReportEntry>> HealthAsync() =>
        (await _provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries;

    public Task StartAsync()
    {
        _started = true;
        return _sender.StartAsync(CancellationToken.None);
    }

    /// <summary>Waits until the sink has taken <paramref name="count"/> events, call by call (each wait bounded by the sink's guard).</summary>
    public async Task PublishedAsync(int count)
    {
        while (Sink.Published.Count < count) await Sink.NextCallAsync();
    }

    /// <summary>Stops at once, as a host whose shutdown timeout ran out: nothing is drained.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_started) await _sender.StopAsync(new CancellationToken(canceled: true));
        await _provider.DisposeAsync();
    }
}

/// <summary>One append-only Redis for the tests of a class that do not restart it (each uses its own queue name).</summary>
public sealed class AppendOnlyRedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture is not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync(appendOnly: true);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
