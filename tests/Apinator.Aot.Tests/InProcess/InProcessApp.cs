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
internal sealed class InProcessApp(WebApplication app, RecordingLoggerProvider logs, string jsonMode) : AppUnderTest
{
    private Task? _stopped;

    public override string JsonMode => jsonMode;

    public override HttpClient Client { get; } = app.GetTestClient();

    public static Task<InProcessApp> StartAsync(string jsonMode) => StartAsync(Settings(jsonMode));

    public static async Task<InProcessApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var logs = new RecordingLoggerProvider();
        var app = AotHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddProvider(logs);
        });
        await app.StartAsync();
        return new InProcessApp(app, logs, settings["AotApp:Json"]!);
    }

    /// <summary>The logger writes as the request runs, so the entry is there by the time the answer is.</summary>
    public override Task<string> LogContainingAsync(params string[] parts)
    {
        var entries = logs.Entries.Select(e => $"{e.Category}[{e.EventId}]: {e.Message}").ToList();
        var entry = entries.FirstOrDefault(e => parts.All(p => e.Contains(p, StringComparison.Ordinal)));
        Assert.True(entry is not null, $"No log entry contains {string.Join(" and ", parts)}:\n{string.Join('\n', entries)}");
        return Task.FromResult(entry);
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
