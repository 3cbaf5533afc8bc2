using System.Text;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>A <see cref="WebhookPipeline{THandler}"/> for Pusher deliveries, driven without a request, on a fake clock.</summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RecordingLoggerProvider _logs = new();

    public PipelineHarness(IWebhookDeliveryStore? store = null, Action<ApinatorWebhookOptions>? configure = null)
    {
        configure?.Invoke(Options);
        Store = store ?? new MemoryWebhookDeliveryStore(Time);
        var apinator = new ApinatorOptions { AppId = TestApp.AppId, Key = TestApp.Key, Secret = TestApp.Secret, Protocol = ApinatorProtocol.Pusher };
        var logger = _logs.CreateLogger("Apinator.AspNetCore.Webhooks");
        Pipeline = new WebhookPipeline<FlakyWebhookHandler>(
            new WebhookVerifier(apinator, Time) { MaxAge = Options.MaxAge, AllowedClockSkew = Options.AllowedClockSkew },
            new WebhookParser(apinator),
            Options,
            new DeliveryClaims(Store, Options, Time, logger),
            Apinator.Dialects.ServiceDialect.Pusher,
            TestApp.AppId,
            Time,
            logger);
        _services = new ServiceCollection().AddSingleton(Log).AddSingleton(Failures).AddSingleton(Gates).BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public ApinatorWebhookOptions Options { get; } = new();

    public IWebhookDeliveryStore Store { get; }

    public WebhookPipeline<FlakyWebhookHandler> Pipeline { get; }

    public WebhookCallLog Log { get; } = new();

    public FailureSchedule Failures { get; } = new();

    public HandlerGates Gates { get; } = new();

    public IReadOnlyList<LogEntry> Logs => _logs.Entries;

    public IEnumerable<string> Handled => Log.Calls.Select(c => c.Event.Channel);

    /// <summary>A Pusher envelope of one <c>channel_occupied</c> per channel, dated now.</summary>
    public string Body(params string[] channels) =>
        WebhookDeliveries.Envelope(Time.GetUtcNow(), [.. channels.Select(c => $$"""{"name":"channel_occupied","channel":"{{c}}"}""")]);

    /// <summary>Runs <paramref name="body"/>, signed with <paramref name="secret"/>, through the pipeline.</summary>
    public Task<WebhookPipelineResult> RunAsync(string body, string secret = TestApp.Secret, CancellationToken cancellationToken = default)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Pusher-Key"] = TestApp.Key,
            ["X-Pusher-Signature"] = ExpectedAuth.Hmac(secret, body),
        };
        return Pipeline.RunAsync(name => headers.GetValueOrDefault(name), Encoding.UTF8.GetBytes(body), _services, cancellationToken).AsTask();
    }

    public void Dispose()
    {
        _services.Dispose();
        _logs.Dispose();
    }
}

/// <summary>Passes calls to another store, but its first completions fail as a store away would; each completion tried is signalled.</summary>
internal sealed class FailingCompletionStore(IWebhookDeliveryStore inner, int failures) : IWebhookDeliveryStore
{
    private readonly System.Threading.Channels.Channel<int> _tried = System.Threading.Channels.Channel.CreateUnbounded<int>();
    private int _failuresLeft = failures;

    public int Completions { get; private set; }

    /// <summary>Waits for the next completion to be tried.</summary>
    public Task TriedAsync() => _tried.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public ValueTask<DeliveryClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken) => inner.TryClaimAsync(key, lease, cancellationToken);

    public ValueTask<bool> CompleteAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        Completions++;
        try
        {
            return Interlocked.Decrement(ref _failuresLeft) >= 0
                ? ValueTask.FromException<bool>(new TimeoutException("The store did not answer."))
                : inner.CompleteAsync(key, token, retention, cancellationToken);
        }
        finally
        {
            _tried.Writer.TryWrite(Completions);
        }
    }

    public ValueTask<bool> RenewAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken) => inner.RenewAsync(key, token, lease, cancellationToken);

    public ValueTask ReleaseAsync(string key, string token, CancellationToken cancellationToken) => inner.ReleaseAsync(key, token, cancellationToken);
}
