using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>De-duplication with the default in-memory store (and a store that cannot be reached).</summary>
public sealed partial class WebhookDedupTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TimerCountingClock _time = new(Start);
    private readonly WebhookCallLog _log = new();
    private readonly FailureSchedule _failures = new();
    private readonly HandlerGates _gates = new();

    private Task<TestApp> StartAsync(ApinatorProtocol protocol, Action<ApinatorBuilder>? apinator = null) => TestApp.StartAsync(
        apinator: apinator,
        map: app => app.MapApinatorWebhooks<FlakyWebhookHandler>(),
        options: o => o.Protocol = protocol,
        services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton(_log);
            s.AddSingleton(_failures);
            s.AddSingleton(_gates);
        });

    private static HttpRequestMessage Deliver(ApinatorProtocol protocol, params string[] channels)
    {
        var body = WebhookDeliveries.Envelope(Start, [.. channels.Select(c => $$"""{"name":"channel_occupied","channel":"{{c}}"}""")]);
        return protocol == ApinatorProtocol.Pusher ? WebhookDeliveries.Pusher(body) : WebhookDeliveries.Apinator(body, Start);
    }

    private IEnumerable<string> Handled => _log.Calls.Select(c => c.Event.Channel);

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_replayed_delivery_is_answered_200_without_running_the_handler_again(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-b"))).StatusCode);

        Assert.Equal(["private-a", "private-b"], Handled);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 23);
    }

    [Fact]
    public async Task A_replay_with_the_signature_spelt_differently_is_still_a_replay()
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);
        var first = Deliver(ApinatorProtocol.Apinator, "private-a");
        var signature = first.Headers.GetValues("X-Realtime-Signature").Single();
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(first)).StatusCode);

        var replay = Deliver(ApinatorProtocol.Apinator, "private-a");
        replay.Headers.Remove("X-Realtime-Signature");
        replay.Headers.Add("X-Realtime-Signature", "sha256=" + signature.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(replay)).StatusCode);

        Assert.Equal(["private-a"], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_forged_copy_claims_nothing_so_the_genuine_delivery_is_still_handled(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var body = WebhookDeliveries.Envelope(Start, """{"name":"channel_occupied","channel":"private-a"}""");
        var forged = protocol == ApinatorProtocol.Pusher ? WebhookDeliveries.Pusher(body, secret: "wrong") : WebhookDeliveries.Apinator(body, Start, secret: "wrong");

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(forged), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);

        Assert.Equal(["private-a"], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_failed_handler_gives_its_claim_back_so_the_retry_is_handled(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        _failures.FailOnce("private-a");

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Deliver(protocol, "private-a")), HttpStatusCode.InternalServerError);
        Assert.Empty(Handled);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(protocol, "private-a"))).StatusCode);
        Assert.Equal(["private-a"], Handled);
    }

    [Fact]
    public async Task A_retry_runs_only_the_events_not_handled_before()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        _failures.FailOnce("private-2");

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-1", "private-2", "private-3")), HttpStatusCode.InternalServerError);
        Assert.Equal(["private-1"], Handled);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-1", "private-2", "private-3"))).StatusCode);
        Assert.Equal(["private-1", "private-2", "private-3"], Handled);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-1", "private-2", "private-3"))).StatusCode);
        Assert.Equal(["private-1", "private-2", "private-3"], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task An_unreachable_store_fails_closed_with_503_and_Retry_After(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol, a => a.UseDeliveryStore<UnreachableDeliveryStore>());

        var response = await app.Client.SendAsync(Deliver(protocol, "private-a"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Webhook store unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Empty(Handled);
        var entry = Assert.Single(app.Logs.Entries, e => e.EventId == 24);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<TimeoutException>(entry.Exception);
    }

    [Fact]
    public async Task ProcessWhenStoreUnavailable_handles_the_delivery_without_de_duplication()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher, a => a
            .UseDeliveryStore<UnreachableDeliveryStore>()
            .ConfigureWebhooks(w => w.ProcessWhenStoreUnavailable = true));

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-a", "private-b"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-a", "private-b"))).StatusCode);

        // Nothing lost, at the price of duplicates: the trade the setting makes.
        Assert.Equal(["private-a", "private-b", "private-a", "private-b"], Handled);
    }

    [Fact]
    public async Task Claims_are_namespaced_by_app_leased_while_handled_and_done_for_the_replay_window()
    {
        var store = new RecordingDeliveryStore(new MemoryWebhookDeliveryStore(_time));
        await using var app = await StartAsync(ApinatorProtocol.Pusher, a => a
            .UseDeliveryStore(_ => store)
            .ConfigureWebhooks(w => { w.MaxAge = TimeSpan.FromMinutes(2); w.AllowedClockSkew = TimeSpan.FromSeconds(10); }));

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(Deliver(ApinatorProtocol.Pusher, "private-a"))).StatusCode);

        var (key, lease) = Assert.Single(store.Claims);
        Assert.Matches("^apinator:webhook:app-id:[0-9a-f]{64}$", key);
        Assert.Equal(TimeSpan.FromMinutes(1), lease);
        Assert.Equal([(key, TimeSpan.FromSeconds(130))], store.Completions);
    }

    [Fact]
    public void DeliveryRetention_is_validated()
    {
        var validator = new Apinator.AspNetCore.Hosting.WebhookOptionsValidator();
        var result = validator.Validate(null, new ApinatorWebhookOptions { DeliveryRetention = TimeSpan.Zero });
        Assert.True(result.Failed);
        Assert.Contains("Apinator:Webhooks:DeliveryRetention", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(1), new ApinatorWebhookOptions { MaxAge = null }.ClaimTimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(330), new ApinatorWebhookOptions().ClaimTimeToLive);
    }
}
