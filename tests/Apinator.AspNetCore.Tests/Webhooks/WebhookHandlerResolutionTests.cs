using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

public sealed class WebhookHandlerResolutionTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly WebhookCallLog _log = new();

    /// <summary>A new delivery each call (a second later): the same one twice would be a replay, not handled again.</summary>
    private HttpRequestMessage Delivery()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return WebhookDeliveries.Pusher(WebhookDeliveries.Envelope(_time.GetUtcNow(),
            """{"name":"member_added","channel":"presence-c","user_id":"u-1"}""",
            """{"name":"member_added","channel":"presence-c","user_id":"u-2"}"""));
    }

    [Fact]
    public async Task Registered_scoped_handler_is_a_new_instance_per_delivery_and_disposed_with_its_scope()
    {
        var created = 0;
        await using var app = await TestApp.StartAsync(
            map: app => app.MapApinatorWebhooks<RecordingWebhookHandler>(),
            options: o => o.Protocol = ApinatorProtocol.Pusher,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(_time);
                s.AddSingleton(_log);
                s.AddScoped(sp =>
                {
                    Interlocked.Increment(ref created);
                    return new RecordingWebhookHandler(sp.GetRequiredService<WebhookCallLog>());
                });
            });

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery())).StatusCode);

        Assert.Equal(2, created);
        var calls = _log.Calls;
        Assert.Equal(4, calls.Count);
        Assert.Equal(calls[0].Handler, calls[1].Handler);
        Assert.Equal(calls[2].Handler, calls[3].Handler);
        Assert.NotEqual(calls[0].Handler, calls[2].Handler);
        Assert.Equal([calls[0].Handler, calls[2].Handler], _log.Disposed);
    }

    [Fact]
    public async Task Unregistered_handler_is_created_with_constructor_injection_per_delivery_and_disposed()
    {
        await using var app = await TestApp.StartAsync(
            map: app => app.MapApinatorWebhooks<ConstructedWebhookHandler>(),
            options: o => o.Protocol = ApinatorProtocol.Pusher,
            services: s =>
            {
                s.AddSingleton<TimeProvider>(_time);
                s.AddSingleton(_log);
            });
        Assert.Null(app.Services.GetService<ConstructedWebhookHandler>());

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Delivery())).StatusCode);

        var calls = _log.Calls;
        Assert.Equal(["u-1", "u-2", "u-1", "u-2"], calls.Select(c => ((MemberAddedEvent)c.Event).UserId));
        Assert.Equal(calls[0].Handler, calls[1].Handler);
        Assert.NotEqual(calls[0].Handler, calls[2].Handler);
        Assert.Equal([calls[0].Handler, calls[2].Handler], _log.Disposed);
    }

    [Fact]
    public async Task Handler_whose_dependencies_cannot_be_resolved_is_a_logged_500_problem()
    {
        await using var app = await TestApp.StartAsync(
            map: app => app.MapApinatorWebhooks<UnresolvableWebhookHandler>(),
            options: o => o.Protocol = ApinatorProtocol.Pusher,
            services: s => s.AddSingleton<TimeProvider>(_time));

        var response = await app.Client.SendAsync(Delivery());

        await Http.ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains(app.Logs.Entries, e => e.Exception is InvalidOperationException && e.Message.Contains(nameof(UnresolvableWebhookHandler), StringComparison.Ordinal));
    }

    /// <summary>Needs a service nobody registered.</summary>
    private sealed class UnresolvableWebhookHandler(IDisposable notRegistered) : Apinator.AspNetCore.Webhooks.WebhookHandler
    {
        public IDisposable Dependency { get; } = notRegistered;
    }
}

