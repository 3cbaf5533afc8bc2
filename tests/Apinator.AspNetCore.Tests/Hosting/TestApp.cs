using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Hosting;

/// <summary>
/// An app on a <see cref="TestServer"/> with Apinator registered in code, the test authentication
/// scheme, and every log entry recorded. Deliberately without <c>AddProblemDetails</c>: the
/// endpoints' problems must not depend on it.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string AppId = "app-id";
    public const string Key = "app-key";
    public const string Secret = "app-secret";

    private readonly WebApplication _app;

    private TestApp(WebApplication app, RecordingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RecordingLoggerProvider Logs { get; }

    public static async Task<TestApp> StartAsync(
        Action<ApinatorBuilder>? apinator = null,
        Action<WebApplication>? map = null,
        Action<ApinatorOptions>? options = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        services?.Invoke(builder.Services);

        var registered = builder.Services.AddApinator(o =>
        {
            o.AppId = AppId;
            o.Key = Key;
            o.Secret = Secret;
            o.Cluster = "eu";
            options?.Invoke(o);
        });
        apinator?.Invoke(registered);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
