using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apinator.Rest;

namespace Apinator.Tests.Sockudo;

/// <summary>Sockudo idempotent publish at the HTTP level.</summary>
public class SockudoIdempotencyTests
{
    [Fact]
    public async Task Sockudo_trigger_sends_the_key_in_body_and_header()
    {
        using var wire = new SockudoWire();

        // sockudo/sockudo-http-node tests/integration/sockudo/trigger.js: "should include idempotency_key in body and
        // X-Idempotency-Key header when provided as string" with "my-unique-key-123".
        var result = await wire.Test.Client.TriggerAsync("test_channel", "my_event", "x", new TriggerOptions { IdempotencyKey = "my-unique-key-123" });

        var request = wire.Handler.Single();
        SockudoWire.AssertSent(request, HttpMethod.Post, "/apps/app-1/events", """{"name":"my_event","channels":["test_channel"],"data":"x","idempotency_key":"my-unique-key-123"}""");
        Assert.Equal("my-unique-key-123", request.Header("X-Idempotency-Key"));
        Assert.Equal("my-unique-key-123", result.IdempotencyKey);
    }

    [Fact]
    public async Task Sockudo_batch_sends_per_event_keys_in_the_body_and_the_batch_key_as_header()
    {
        using var wire = new SockudoWire();

        // trigger.js "should include idempotency_key per event in batch" (key-1, key-2); the batch-wide key is read only from
        // the header: sockudo/sockudo crates/sockudo-server/src/http_handler/events/mod.rs batch_events.
        await wire.Test.Client.TriggerBatchAsync(
            [new BatchEvent("integration", "event", "test") { IdempotencyKey = "key-1" }, new BatchEvent("integration2", "event2", "test2") { IdempotencyKey = "key-2" }],
            new BatchTriggerOptions { IdempotencyKey = "batch-1" });

        var request = wire.Handler.Single();
        SockudoWire.AssertSent(request, HttpMethod.Post, "/apps/app-1/batch_events",
            """{"batch":[{"channel":"integration","name":"event","data":"test","idempotency_key":"key-1"},{"channel":"integration2","name":"event2","data":"test2","idempotency_key":"key-2"}]}""");
        Assert.Equal("batch-1", request.Header("X-Idempotency-Key"));
    }

    [Fact]
    public async Task Sockudo_generated_keys_are_base_id_and_serial_and_index_per_batch_event()
    {
        using var wire = new SockudoWire(configure: o => o.GenerateIdempotencyKeys = true);

        // Shape from sockudo/sockudo-http-node src/sockudo.ts (`${idempotencyBaseId}:${serial}`, `…:${serial}:${i}`, base id
        // = 12 random bytes base64url) and sockudo/sockudo-http-dotnet SockudoServer/Sockudo.cs ($"{_baseId}:{serial}", …:{i}).
        var first = await wire.Test.Client.TriggerAsync("c", "e", "x");
        var second = await wire.Test.Client.TriggerAsync("c", "e", "x");
        await wire.Test.Client.TriggerBatchAsync([new BatchEvent("a", "e", "1"), new BatchEvent("b", "e", "2") { IdempotencyKey = "mine" }]);

        Assert.Matches(new Regex("^[A-Za-z0-9_-]{16}:0$"), first.IdempotencyKey);
        var baseId = first.IdempotencyKey![..16];
        Assert.Equal(baseId + ":1", second.IdempotencyKey);
        Assert.Contains($"\"idempotency_key\":\"{baseId}:0\"", wire.Handler.Requests[0].BodyText, StringComparison.Ordinal);
        Assert.Equal($$"""{"batch":[{"channel":"a","name":"e","data":"1","idempotency_key":"{{baseId}}:2:0"},{"channel":"b","name":"e","data":"2","idempotency_key":"mine"}]}""", wire.Handler.Requests[2].BodyText);
    }

    [Fact]
    public async Task Sockudo_trigger_and_batch_send_tags_and_extras()
    {
        using var wire = new SockudoWire();
        // Member names: sockudo/sockudo crates/sockudo-protocol/src/messages.rs, PusherApiMessage (tags: map of strings,
        // extras: MessageExtras with headers, ephemeral, echo, …); the same extras fields in sockudo-http-dotnet SockudoServer/Event.cs.
        using var extras = JsonDocument.Parse("""{"headers":{"priority":"high"},"ephemeral":true,"echo":false}""");
        var tags = new Dictionary<string, string> { ["region"] = "eu" };

        await wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { Tags = tags, Extras = extras.RootElement, IdempotencyKey = "k1" });
        await wire.Test.Client.TriggerBatchAsync([new BatchEvent("c", "e", "x") { Tags = tags, Extras = extras.RootElement }]);

        SockudoWire.AssertSent(wire.Handler.Requests[0], HttpMethod.Post, "/apps/app-1/events",
            """{"name":"e","channels":["c"],"data":"x","tags":{"region":"eu"},"idempotency_key":"k1","extras":{"headers":{"priority":"high"},"ephemeral":true,"echo":false}}""");
        SockudoWire.AssertSent(wire.Handler.Requests[1], HttpMethod.Post, "/apps/app-1/batch_events",
            """{"batch":[{"channel":"c","name":"e","data":"x","tags":{"region":"eu"},"extras":{"headers":{"priority":"high"},"ephemeral":true,"echo":false}}]}""");
    }

    [Fact]
    public async Task Sockudo_extras_that_are_not_an_object_fail_before_sending()
    {
        using var wire = new SockudoWire();
        using var array = JsonDocument.Parse("[1]");

        await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { Extras = array.RootElement }));
        Assert.Empty(wire.Handler.Requests);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task Sockudo_tags_and_extras_on_another_protocol_fail_before_sending(ApinatorProtocol protocol)
    {
        using var wire = new SockudoWire(protocol);
        using var extras = JsonDocument.Parse("{}");

        await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { Tags = new Dictionary<string, string> { ["a"] = "b" } }));
        await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => wire.Test.Client.TriggerBatchAsync([new BatchEvent("c", "e", "x") { Extras = extras.RootElement }]));
        Assert.Empty(wire.Handler.Requests);
    }

    [Fact]
    public async Task Sockudo_triggers_to_a_namespaced_channel_that_other_protocols_refuse()
    {
        using var wire = new SockudoWire();
        using var pusher = new SockudoWire(ApinatorProtocol.Pusher);

        // Namespaced names: sockudo/sockudo crates/sockudo-core/src/utils.rs validate_channel_name accepts ':' (and
        // sockudo-http-node src/sockudo.ts validateChannel does too); the Pusher rules do not.
        await wire.Test.Client.TriggerAsync("chat:room-1", "e", "x");
        await Assert.ThrowsAsync<ApinatorValidationException>(() => pusher.Test.Client.TriggerAsync("chat:room-1", "e", "x"));

        SockudoWire.AssertSent(wire.Handler.Single(), HttpMethod.Post, "/apps/app-1/events", """{"name":"e","channels":["chat:room-1"],"data":"x"}""");
        Assert.Empty(pusher.Handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("clé")]
    public async Task Sockudo_bad_keys_fail_before_sending(string key)
    {
        using var wire = new SockudoWire();

        await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { IdempotencyKey = key }));
        await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Test.Client.TriggerBatchAsync([new BatchEvent("c", "e", "x") { IdempotencyKey = key }]));
        Assert.Empty(wire.Handler.Requests);
    }

    [Fact]
    public async Task Sockudo_key_limit_is_128_characters()
    {
        using var wire = new SockudoWire();

        // sockudo/sockudo crates/sockudo-core/src/options/v2_features.rs: max_key_length 128 (ttl_seconds 120).
        await wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { IdempotencyKey = new string('k', 128) });
        await Assert.ThrowsAsync<ApinatorValidationException>(() => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { IdempotencyKey = new string('k', 129) }));
        Assert.Single(wire.Handler.Requests);
    }

    [Fact]
    public async Task Sockudo_in_flight_duplicate_503_maps_to_an_api_exception_with_the_problem_code()
    {
        using var wire = new SockudoWire();
        // sockudo/sockudo crates/sockudo-server/src/http_handler/errors.rs: Backpressure → 503, code "backpressure", Retry-After.
        wire.Handler.Status = HttpStatusCode.ServiceUnavailable;
        wire.Handler.ResponseBody = """{"error":"Idempotent publish is still in progress","code":"backpressure","status":503}""";

        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => wire.Test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { IdempotencyKey = "k" }));
        Assert.Equal((503, "backpressure", "Idempotent publish is still in progress"), (e.StatusCode, e.ProblemCode, e.Message));
    }

    [Fact]
    public void Sockudo_options_need_a_base_address_and_generated_keys_need_sockudo()
    {
        var noAddress = new ApinatorOptions { AppId = "1", Key = "k", Secret = "s", Cluster = "eu", Protocol = ApinatorProtocol.Sockudo };
        Assert.Contains(noAddress.Validate(), m => m.Contains("BaseAddress is required with Protocol Sockudo", StringComparison.Ordinal));

        var pusher = new ApinatorOptions { AppId = "1", Key = "k", Secret = "s", BaseAddress = new Uri("http://localhost"), Protocol = ApinatorProtocol.Pusher, GenerateIdempotencyKeys = true };
        Assert.Contains(pusher.Validate(), m => m.Contains("GenerateIdempotencyKeys needs Protocol Sockudo", StringComparison.Ordinal));
    }
}
