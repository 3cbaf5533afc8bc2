using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apinator.AspNetCore.Webhooks;
using Apinator.Testing.Tests.Hosting;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apinator.Testing.Tests.Webhooks;

public sealed class WebhookClientTestingTests
{
    private const string WebhookSecret = "tiny-webhook-secret";

    /// <summary>Records what the library's webhook endpoint dispatched.</summary>
    private sealed class Received
    {
        public List<WebhookEvent> Events { get; } = [];
    }

    private sealed class RecordingHandler(Received received) : IWebhookHandler
    {
        public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            lock (received) received.Events.Add(webhookEvent);
            return Task.CompletedTask;
        }
    }

    private static Task<TinyApp> StartAsync(ApinatorProtocol protocol, string path = WebhookTestClient.DefaultPath) =>
        TinyApp.StartAsync(
            options: o => { o.Protocol = protocol; o.WebhookSecret = protocol == ApinatorProtocol.Apinator ? WebhookSecret : null; },
            services: s => s.AddSingleton<Received>(),
            map: a => a.MapApinatorWebhooks<RecordingHandler>(path));

    private static WebhookTestClient ClientFor(TinyApp app, ApinatorProtocol protocol, string path = WebhookTestClient.DefaultPath) =>
        new(app.Client, new ApinatorOptions { Protocol = protocol, Key = TinyApp.Key, Secret = TinyApp.Secret, WebhookSecret = protocol == ApinatorProtocol.Apinator ? WebhookSecret : null }, app.Time, path);

    private static string Hex(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    public async Task Each_typed_event_is_accepted_and_dispatched_as_the_library_reads_it(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var client = ClientFor(app, protocol);

        WebhookTestEvent[] events =
        [
            WebhookTestEvent.ChannelOccupied("presence-chat"),
            WebhookTestEvent.MemberAdded("presence-chat", "alice", new { name = "Alice" }),
            WebhookTestEvent.MemberRemoved("presence-chat", "alice"),
            WebhookTestEvent.ClientEvent("private-chat", "client-typing", """{"on":true}""", "1.2", "alice"),
            WebhookTestEvent.SubscriptionCount("orders", 4),
            WebhookTestEvent.CacheMiss("cache-orders"),
            WebhookTestEvent.ChannelVacated("presence-chat"),
        ];
        foreach (var e in events) (await client.SendAsync(e)).EnsureAccepted();

        Assert.Equal(
            [
                new ChannelOccupiedEvent("presence-chat"),
                new MemberAddedEvent("presence-chat", "alice") { UserInfoJson = """{"name":"Alice"}""" },
                new MemberRemovedEvent("presence-chat", "alice"),
                new ClientEvent("private-chat", "client-typing", """{"on":true}""", "1.2", "alice"),
                new SubscriptionCountEvent("orders", 4),
                new CacheMissEvent("cache-orders"),
                new ChannelVacatedEvent("presence-chat"),
            ],
            app.Services.GetRequiredService<Received>().Events);
    }

    [Fact]
    public async Task Apinator_delivery_is_signed_over_timestamp_dot_body_with_the_webhook_secret()
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);
        var client = ClientFor(app, ApinatorProtocol.Apinator);

        var delivery = client.Sign([WebhookTestEvent.MemberAdded("presence-chat", "alice")]);

        var timestamp = delivery.Header("X-Realtime-Timestamp");
        Assert.Equal(TinyApp.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(Hex(WebhookSecret, $"{timestamp}.{delivery.Body}"), delivery.Header("X-Realtime-Signature"));
        Assert.Equal("""{"event":"member_added","channel":"presence-chat","user_id":"alice"}""", delivery.Body);
        Assert.Throws<ArgumentException>(() => client.Sign([WebhookTestEvent.ChannelOccupied("a"), WebhookTestEvent.ChannelOccupied("b")]));
    }

    [Fact]
    public async Task Pusher_delivery_carries_several_events_signed_over_the_body_with_the_secret()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        var client = ClientFor(app, ApinatorProtocol.Pusher);

        var result = await client.SendAsync([WebhookTestEvent.ChannelOccupied("orders"), WebhookTestEvent.ClientEvent("private-chat", "client-x", "hi")]);

        result.EnsureAccepted();
        var delivery = result.Delivery;
        Assert.Equal(TinyApp.Key, delivery.Header("X-Pusher-Key"));
        Assert.Equal(Hex(TinyApp.Secret, delivery.Body), delivery.Header("X-Pusher-Signature"));
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(TinyApp.Start.ToUnixTimeMilliseconds(), body.RootElement.GetProperty("time_ms").GetInt64());
        Assert.Equal(2, body.RootElement.GetProperty("events").GetArrayLength());
        Assert.Equal("client-x", body.RootElement.GetProperty("events")[1].GetProperty("event").GetString());
        Assert.Equal(2, app.Services.GetRequiredService<Received>().Events.Count);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    public async Task Bad_signature_expired_and_future_deliveries_are_refused_by_the_library(ApinatorProtocol protocol)
    {
        await using var app = await StartAsync(protocol);
        var client = ClientFor(app, protocol);
        var e = WebhookTestEvent.ChannelOccupied("orders");

        var bad = await client.SendWithBadSignatureAsync(e);
        var expired = await client.SendExpiredAsync(e);
        var future = await client.SendFromTheFutureAsync(e);
        var justInTime = await client.SendExpiredAsync(e, TimeSpan.FromMinutes(4));

        bad.EnsureRefused(HttpStatusCode.Unauthorized);
        Assert.Equal("Webhook not verified", bad.ProblemTitle);
        Assert.Contains("signature", bad.ProblemDetail, StringComparison.Ordinal);
        expired.EnsureRefused(HttpStatusCode.Unauthorized);
        Assert.Contains("old", expired.ProblemDetail, StringComparison.Ordinal);
        future.EnsureRefused(HttpStatusCode.Unauthorized);
        Assert.Contains("future", future.ProblemDetail, StringComparison.Ordinal);
        justInTime.EnsureAccepted();
        Assert.Single(app.Services.GetRequiredService<Received>().Events);
    }

    [Fact]
    public async Task Replay_sends_the_same_bytes_and_headers_again()
    {
        await using var app = await StartAsync(ApinatorProtocol.Apinator);
        var client = ClientFor(app, ApinatorProtocol.Apinator);

        var first = await client.SendAsync(WebhookTestEvent.MemberAdded("presence-chat", "alice"));
        app.Time.Advance(TimeSpan.FromMinutes(10));
        var replay = await client.ReplayAsync();

        Assert.Same(first.Delivery, replay.Delivery);
        using var original = first.Delivery.ToRequest();
        using var again = replay.Delivery.ToRequest();
        Assert.Equal(await original.Content!.ReadAsByteArrayAsync(), await again.Content!.ReadAsByteArrayAsync());
        Assert.Equal(original.Headers.Select(h => (h.Key, string.Join(",", h.Value))), again.Headers.Select(h => (h.Key, string.Join(",", h.Value))));
        first.EnsureAccepted();
        // Ten minutes later the same signed delivery is past the app's maximum age.
        replay.EnsureRefused(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Custom_route_and_raw_events_are_supported()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher, "/hooks/realtime");
        var client = ClientFor(app, ApinatorProtocol.Pusher, "/hooks/realtime");

        (await client.SendAsync(WebhookTestEvent.Raw("""{"name":"something_new","channel":"orders","extra":1}"""))).EnsureAccepted();

        var unknown = Assert.IsType<UnknownWebhookEvent>(Assert.Single(app.Services.GetRequiredService<Received>().Events));
        Assert.Equal("something_new", unknown.Name);
        Assert.Throws<ArgumentException>(() => WebhookTestEvent.Raw("[1]"));
    }

    [Fact]
    public async Task Failed_expectations_name_the_status_and_problem()
    {
        await using var app = await StartAsync(ApinatorProtocol.Pusher);
        var client = ClientFor(app, ApinatorProtocol.Pusher);

        var bad = await client.SendWithBadSignatureAsync(WebhookTestEvent.ChannelOccupied("orders"));
        var good = await client.SendAsync(WebhookTestEvent.ChannelOccupied("orders"));

        var error = Assert.Throws<ApinatorAssertionException>(() => bad.EnsureAccepted());
        Assert.StartsWith("Expected the webhook to be accepted, but the app answered 401 Webhook not verified: ", error.Message, StringComparison.Ordinal);
        Assert.Throws<ApinatorAssertionException>(() => good.EnsureRefused(HttpStatusCode.Unauthorized));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ClientFor(app, ApinatorProtocol.Pusher).ReplayAsync());
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    public async Task Client_event_on_an_encrypted_channel_travels_encrypted_and_reaches_the_handler_decrypted(ApinatorProtocol protocol)
    {
        var masterKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        await using var app = await TinyApp.StartAsync(
            options: o => { o.Protocol = protocol; o.EncryptionMasterKeyBase64 = Convert.ToBase64String(masterKey); },
            services: s => s.AddSingleton<Received>(),
            map: a => a.MapApinatorWebhooks<RecordingHandler>());
        var client = new WebhookTestClient(app.Client, app.Services.GetRequiredService<IOptions<ApinatorOptions>>().Value, app.Time);
        const string Channel = "private-encrypted-chat";
        const string Plain = """{"text":"launch code"}""";

        var result = await client.SendAsync(WebhookTestEvent.ClientEvent(Channel, "client-note", Plain, "1.2"));

        result.EnsureAccepted();
        var received = Assert.IsType<ClientEvent>(Assert.Single(app.Services.GetRequiredService<Received>().Events));
        Assert.Null(received.DecryptionError);
        Assert.Equal(Plain, received.Data);
        // The wire carries only the sealed box: opened here with libsodium and the per-channel key derived by hand.
        using var body = JsonDocument.Parse(result.Delivery.Body);
        var sent = protocol == ApinatorProtocol.Apinator ? body.RootElement : body.RootElement.GetProperty("events")[0];
        var data = sent.GetProperty("data").GetString()!;
        Assert.DoesNotContain("launch code", data, StringComparison.Ordinal);
        using var sealedData = JsonDocument.Parse(data);
        var channelKey = SHA256.HashData([.. Encoding.UTF8.GetBytes(Channel), .. masterKey]);
        var opened = Sodium.SecretBox.Open(
            sealedData.RootElement.GetProperty("ciphertext").GetBytesFromBase64(),
            sealedData.RootElement.GetProperty("nonce").GetBytesFromBase64(),
            channelKey);
        Assert.Equal(Plain, Encoding.UTF8.GetString(opened));
    }
}
