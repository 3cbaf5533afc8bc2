using Apinator.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Testing.Tests.Hosting;

/// <summary>A small app on a TestServer using the library's own endpoints, to point the kit's clients at.</summary>
internal sealed class TinyApp : IAsyncDisposable
{
    public const string AppId = "tiny-app";
    public const string Key = "tiny-key";
    public const string Secret = "tiny-secret";

    private readonly WebApplication _app;

    private TinyApp(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TinyApp> StartAsync(
        Action<ApinatorOptions>? options = null,
        Action<ApinatorBuilder>? apinator = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var time = new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        var registered = builder.Services.AddApinator(o =>
        {
            o.AppId = AppId;
            o.Key = Key;
            o.Secret = Secret;
            o.Cluster = "eu";
            options?.Invoke(o);
        });
        apinator?.Invoke(registered);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map?.Invoke(app);
        await app.StartAsync();
        return new TinyApp(app, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
