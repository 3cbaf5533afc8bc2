using AotApp;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apinator.Aot.Tests.InProcess;

/// <summary>The AOT test app on a TestServer, in this process, where reflection-based JSON is off.</summary>
internal sealed class InProcessApp(WebApplication app, RecordingLoggerProvider logs, LogSignal logged, string jsonMode) : AppUnderTest
{
    /// <summary>A bound for a signal that should come at once; reaching it fails the test.</summary>
    private static readonly TimeSpan SignalBound = TimeSpan.FromSeconds(30);

    private Task? _stopped;

    public override string JsonMode => jsonMode;

    public override HttpClient Client { get; } = app.GetTestClient();

    public static Task<InProcessApp> StartAsync(string jsonMode) => StartAsync(Settings(jsonMode));

    public static async Task<InProcessApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var logs = new RecordingLoggerProvider();
        var logged = new LogSignal();
        var app = AotHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddProvider(logs).AddProvider(logged);
        });
        await app.StartAsync();
        return new InProcessApp(app, logs, logged, settings["AotApp:Json"]!);
    }

    /// <summary>An entry a request writes is there by the time its answer is; one written in the background is waited for.</summary>
    public override async Task<string> LogContainingAsync(params string[] parts)
    {
        var deadline = Task.Delay(SignalBound);
        while (true)
        {
            // Read the signal before the entries: an entry written after this read completes it.
            var next = logged.Next;
            var entries = logs.Entries.Select(e => $"{e.Category}[{e.EventId}]: {e.Message}").ToList();
            var entry = entries.FirstOrDefault(e => parts.All(p => e.Contains(p, StringComparison.Ordinal)));
            if (entry is not null) return entry;
            if (await Task.WhenAny(next, deadline) == deadline)
            {
                Assert.Fail($"No log entry contains {string.Join(" and ", parts)}:\n{string.Join('\n', entries)}");
            }
        }
    }

    public override async Task<Task> BeginStopAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        _stopped = app.StopAsync();
        await stopping.Task;
        return _stopped;
    }

    public override async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await (_stopped ?? app.StopAsync());
        await app.DisposeAsync();
    }
}
