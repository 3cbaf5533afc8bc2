using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.Rest;
using Apinator.Testing.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.Testing.Tests.Recording;

public sealed class FakeApinatorTestingTests
{
    private static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>A real client over a handler that fails the test if the service is ever contacted.</summary>
    private static ApinatorClient RealClient(ApinatorOptions options) => new(new HttpClient(new NeverContacted()), options);

    private sealed class NeverContacted : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("An invalid call reached the network.");
    }

    private static ApinatorOptions Options(string? masterKey = null) => new()
    {
        AppId = FakeApinator.DefaultAppId,
        Key = FakeApinator.DefaultKey,
        Secret = FakeApinator.DefaultSecret,
        BaseAddress = FakeApinator.DefaultBaseAddress,
        Protocol = ApinatorProtocol.Pusher,
        EncryptionMasterKeyBase64 = masterKey,
    };

    public static TheoryData<string> InvalidCalls() =>
    [
        "bad socket id",
        "bad channel",
        "channel too long",
        "too many channels",
        "data too large",
        "encrypted channel without key",
        "encrypted channel mixed with others",
        "empty event name",
        "batch too large",
        "bad batch channel",
        "bad user id",
        "presence users of a private channel",
        "bad prefix",
    ];

    private static Task Call(IApinator apinator, string call) => call switch
    {
        "bad socket id" => apinator.TriggerAsync("orders", "created", "{}", new TriggerOptions { SocketId = "1.1:private-other" }),
        "bad channel" => apinator.TriggerAsync("orders!", "created", "{}"),
        "channel too long" => apinator.TriggerAsync(new string('c', 165), "created", "{}"),
        "too many channels" => apinator.TriggerAsync(Enumerable.Range(0, 101).Select(i => $"c{i}").ToArray(), "created", "{}"),
        "data too large" => apinator.TriggerAsync("orders", "created", new string('x', ApinatorOptions.DefaultMaxDataBytes + 1)),
        "encrypted channel without key" => apinator.TriggerAsync("private-encrypted-orders", "created", "{}"),
        "encrypted channel mixed with others" => apinator.TriggerAsync(["private-encrypted-orders", "orders"], "created", "{}"),
        "empty event name" => apinator.TriggerAsync("orders", "", "{}"),
        "batch too large" => apinator.TriggerBatchAsync(Enumerable.Range(0, 11).Select(i => new BatchEvent("orders", "e", "{}")).ToArray()),
        "bad batch channel" => apinator.TriggerBatchAsync([new BatchEvent("orders", "e", "{}"), new BatchEvent("bad channel", "e", "{}")]),
        "bad user id" => apinator.SendToUserAsync("alice:1", "hello", "{}"),
        "presence users of a private channel" => apinator.GetPresenceUsersAsync("private-chat"),
        "bad prefix" => apinator.GetChannelsAsync("presence-*"),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    [Theory]
    [MemberData(nameof(InvalidCalls))]
    public async Task Fake_refuses_what_the_real_client_refuses_with_the_same_exception_and_message(string call)
    {
        using var real = RealClient(Options());
        using var fake = new FakeApinator();

        var expected = await Assert.ThrowsAnyAsync<ApinatorException>(() => Call(real, call));
        var actual = await Assert.ThrowsAnyAsync<ApinatorException>(() => Call(fake, call));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal((expected as ApinatorValidationException)?.ParameterName, (actual as ApinatorValidationException)?.ParameterName);
        fake.AssertNothingTriggered();
    }

    [Fact]
    public async Task Fake_uses_the_limits_it_is_given()
    {
        using var fake = new FakeApinator(new ApinatorOptions { MaxDataBytes = 20_000 });

        await fake.TriggerAsync("orders", "big", new string('x', 15_000));

        Assert.Equal(15_000, fake.AssertTriggered("orders", "big").Data.Length);
        await Assert.ThrowsAsync<ApinatorValidationException>(() => fake.TriggerAsync("orders", "big", new string('x', 20_001)));
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Triggers_are_recorded_one_per_channel_with_the_data_as_sent(ApinatorProtocol protocol)
    {
        using var fake = new FakeApinator(new ApinatorOptions { Protocol = protocol });

        await fake.TriggerAsync("orders", "order.created", new { id = 7, total = 12.5 }, new TriggerOptions { SocketId = "12.34" });
        await fake.TriggerAsync(["a", "b"], "ping", "plain text");

        Assert.Equal(
            [
                new TriggeredEvent("orders", "order.created", """{"id":7,"total":12.5}""", "12.34"),
                new TriggeredEvent("a", "ping", "plain text", null),
                new TriggeredEvent("b", "ping", "plain text", null),
            ],
            fake.Triggered);
        Assert.Equal(7, fake.AssertTriggered("orders", "order.created", data => data.GetProperty("id").GetInt32() == 7).DataAsJson().GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Batches_sends_to_users_and_terminations_are_recorded()
    {
        using var fake = new FakeApinator();

        await fake.TriggerBatchAsync([new BatchEvent("orders", "a", "1"), new BatchEvent("invoices", "b", new { n = 2 }) { SocketId = "1.2" }]);
        await fake.SendToUserAsync("alice", "notice", new { text = "hi" });
        await fake.TerminateUserConnectionsAsync("mallory");

        Assert.Equal(3, fake.Triggered.Count);
        Assert.True(fake.AssertTriggered("orders", "a").WasBatched);
        Assert.Equal("1.2", fake.AssertTriggered("invoices", "b").SocketId);
        var notice = Assert.Single(fake.SentToUsers);
        Assert.Equal("#server-to-user-alice", notice.Channel);
        Assert.Equal("alice", notice.UserId);
        Assert.Equal("hi", fake.AssertSentToUser("alice", "notice").DataAsJson().GetProperty("text").GetString());
        Assert.Equal(["mallory"], fake.TerminatedUsers);
        fake.AssertTerminated("mallory");
    }

    [Fact]
    public async Task Failed_assertion_lists_what_was_sent()
    {
        using var fake = new FakeApinator();
        await fake.TriggerAsync("orders", "order.created", new { id = 1 });
        await fake.TriggerAsync("orders", "order.paid", new { id = 1 });

        var missing = Assert.Throws<ApinatorAssertionException>(() => fake.AssertTriggered("orders", "order.shipped"));
        var wrongData = Assert.Throws<ApinatorAssertionException>(() => fake.AssertTriggered("orders", "order.created", d => d.GetProperty("id").GetInt32() == 2));
        var something = Assert.Throws<ApinatorAssertionException>(fake.AssertNothingTriggered);

        Assert.Equal(
            "Expected 'order.shipped' on 'orders' to be triggered, but 2 events were:" + Environment.NewLine +
            """  - 'order.created' on 'orders' data {"id":1}""" + Environment.NewLine +
            """  - 'order.paid' on 'orders' data {"id":1}""",
            missing.Message);
        Assert.StartsWith("Expected 'order.created' on 'orders' with matching data to be triggered, but 2 events were:", wrongData.Message, StringComparison.Ordinal);
        Assert.Contains("'order.paid' on 'orders'", something.Message, StringComparison.Ordinal);
        Assert.Equal("Expected 'x' on 'y' to be triggered, but nothing was.", Assert.Throws<ApinatorAssertionException>(() => new FakeApinator().AssertTriggered("y", "x")).Message);
        Assert.Equal("Expected the connections of user 'bob' to be terminated, but no user's were.", Assert.Throws<ApinatorAssertionException>(() => fake.AssertTerminated("bob")).Message);
    }

    [Fact]
    public async Task A_throwing_data_check_means_no_match_and_a_later_event_can_match()
    {
        using var fake = new FakeApinator();
        await fake.TriggerAsync("presence-chat", "message", new { typing = true });
        await fake.TriggerAsync("presence-chat", "message", new { text = "hello" });

        var found = fake.AssertTriggered("presence-chat", "message", data => data.GetProperty("text").GetString() == "hello");

        Assert.Equal("""{"text":"hello"}""", found.Data);
    }

    [Fact]
    public async Task A_data_check_that_throws_on_every_event_fails_with_what_was_sent_and_the_first_error()
    {
        using var fake = new FakeApinator();
        await fake.TriggerAsync("presence-chat", "message", new { typing = true });
        await fake.TriggerAsync("presence-chat", "message", new { typing = false });

        var failure = Assert.Throws<ApinatorAssertionException>(() =>
            fake.AssertTriggered("presence-chat", "message", data => data.GetProperty("text").GetString() == "hello"));

        Assert.StartsWith(
            "Expected 'message' on 'presence-chat' with matching data to be triggered, but 2 events were:" + Environment.NewLine +
            """  - 'message' on 'presence-chat' data {"typing":true}""",
            failure.Message,
            StringComparison.Ordinal);
        Assert.Contains("The data check threw 2 times, first KeyNotFoundException", failure.Message, StringComparison.Ordinal);
        Assert.IsType<KeyNotFoundException>(failure.InnerException);
    }

    [Fact]
    public async Task FailNext_throws_once_after_validation_and_records_nothing()
    {
        using var fake = new FakeApinator();
        var failure = new ApinatorNetworkException("could not reach the service", null);
        fake.FailNext(failure);

        // An invalid call is refused by validation first, as it would be before any network failure.
        await Assert.ThrowsAsync<ApinatorValidationException>(() => fake.TriggerAsync("bad channel", "e", "{}"));
        var thrown = await Assert.ThrowsAsync<ApinatorNetworkException>(() => fake.TriggerAsync("orders", "e", "{}"));
        await fake.TriggerAsync("orders", "again", "{}");

        Assert.Same(failure, thrown);
        Assert.Equal("again", Assert.Single(fake.Triggered).Name);
    }

    [Fact]
    public async Task Encrypted_channel_data_is_encrypted_on_the_wire_and_recorded_decrypted()
    {
        using var fake = new FakeApinator(new ApinatorOptions { EncryptionMasterKeyBase64 = MasterKey });

        await fake.TriggerAsync("private-encrypted-orders", "secret", new { pin = 1234 });

        var recorded = fake.AssertTriggered("private-encrypted-orders", "secret");
        Assert.True(recorded.WasEncrypted);
        Assert.Equal("""{"pin":1234}""", recorded.Data);
    }

    [Fact]
    public async Task Channel_queries_answer_from_seeded_state_in_both_protocols()
    {
        foreach (var protocol in new[] { ApinatorProtocol.Pusher, ApinatorProtocol.Apinator })
        {
            using var fake = new FakeApinator(new ApinatorOptions { Protocol = protocol });
            fake.SeedChannel("orders", 3);
            fake.SeedPresenceUsers("presence-chat", "alice", "bob");

            var channels = await fake.GetChannelsAsync(info: ChannelInfo.SubscriptionCount);
            var presence = await fake.GetChannelsAsync("presence-");
            var orders = await fake.GetChannelAsync("orders", ChannelInfo.SubscriptionCount);
            var empty = await fake.GetChannelAsync("nobody-here");
            var users = await fake.GetPresenceUsersAsync("presence-chat");

            Assert.Equal(["orders", "presence-chat"], channels.Select(c => c.Name).Order());
            Assert.Equal(3, channels.Single(c => c.Name == "orders").SubscriptionCount);
            Assert.Equal("presence-chat", Assert.Single(presence).Name);
            Assert.True(orders.Occupied);
            Assert.Equal(3, orders.SubscriptionCount);
            Assert.False(empty.Occupied);
            Assert.Equal(["alice", "bob"], users.Select(u => u.Id));
        }
    }

    [Fact]
    public async Task Reset_forgets_everything()
    {
        using var fake = new FakeApinator();
        await fake.TriggerAsync("orders", "e", "{}");
        fake.SeedChannel("orders");
        fake.FailNext(new ApinatorApiException("boom"));

        fake.Reset();

        fake.AssertNothingTriggered();
        Assert.False((await fake.GetChannelAsync("orders")).Occupied);
    }

    [Fact]
    public void Authorizations_are_signed_by_the_real_authorizer()
    {
        using var fake = new FakeApinator();

        var auth = fake.AuthorizeChannel("1.2", "private-orders");

        Assert.Equal($"{FakeApinator.DefaultKey}:{Hex(FakeApinator.DefaultSecret, "1.2:private-orders")}", auth.Auth);
        Assert.Throws<ApinatorValidationException>(() => fake.AuthorizeChannel("1.2:x", "private-orders"));
    }

    [Fact]
    public async Task AddFakeApinator_replaces_the_apps_client_and_uses_the_apps_options()
    {
        FakeApinator? fake = null;
        await using var app = await TinyApp.StartAsync(
            options: o => { o.MaxDataBytes = 20; o.Protocol = ApinatorProtocol.Apinator; },
            services: s => fake = s.AddFakeApinator(),
            map: a => a.MapPost("/send", async (string text, IApinator apinator) =>
            {
                try
                {
                    await apinator.TriggerAsync("orders", "note", text);
                    return Results.Accepted();
                }
                catch (ApinatorValidationException e)
                {
                    return Results.BadRequest(e.Message);
                }
            }));

        fake!.FailNext(new ApinatorApiException("unused")); // before the app first used it
        fake.Reset();
        var ok = await app.Client.PostAsync(new Uri("/send?text=short", UriKind.Relative), null);
        var tooLong = await app.Client.PostAsync(new Uri("/send?text=" + new string('x', 30), UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Same(fake, app.Services.GetRequiredService<IApinator>());
        Assert.Equal(TinyApp.Key, fake.Options.Key);
        Assert.Equal(ApinatorProtocol.Apinator, fake.Options.Protocol);
        Assert.Equal("short", Assert.Single(fake.Triggered).Data);
    }

    private static string Hex(string secret, string message) =>
        Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
}
