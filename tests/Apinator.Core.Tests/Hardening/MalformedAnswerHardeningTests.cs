using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Apinator.Rest;
using Apinator.Sockudo;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 11: whatever the service answers (wrong JSON types at any depth, nulls, numbers out of
/// range, arrays where objects belong, absurd nesting, invalid UTF-8, empty, not JSON), every call
/// ends with a result or an <see cref="ApinatorException"/>, never InvalidOperationException,
/// FormatException, OverflowException, KeyNotFoundException…. The answers are generated: each valid
/// answer shape, mutated at every path, is given to every call, with success and error statuses.
/// </summary>
public sealed class MalformedAnswerHardeningTests
{
    private const string Placeholder = "\"__MUTATION__\"";
    private static readonly byte[] PlaceholderBytes = Encoding.UTF8.GetBytes(Placeholder);

    /// <summary>The valid answer of each call, in both services' shapes, and the error shapes.</summary>
    private static readonly string[] ValidAnswers =
    [
        """{"channels":{"presence-a":{"user_count":1,"subscription_count":2}}}""", // trigger with info; Pusher channels
        """{"batch":[{"user_count":1,"subscription_count":2},{}]}""",
        """{"channels":[{"name":"presence-a","subscription_count":2,"user_count":1}]}""", // Apinator channels
        """{"occupied":true,"user_count":1,"subscription_count":2}""",
        """{"users":[{"id":"u-1"},{"id":2}]}""",
        """{}""",
        """{"error":"Invalid signature","code":401}""", // Soketi's error, also sent with 200
        """{"type":"about:blank","title":"Bad request","status":400,"detail":"No.","code":"bad_request"}""",
        // Sockudo's presence history snapshot (crates/sockudo-server/src/http_handler/presence_history/mod.rs).
        """{"channel":"presence-a","members":[{"user_id":"u-1","last_event":"member_added","last_event_serial":1,"last_event_at_ms":1700000000001}],"member_count":1,"events_replayed":1,"snapshot_serial":1,"snapshot_time_ms":1700000000001,"continuity":{"stream_id":"s-1","oldest_available_serial":1,"newest_available_serial":1,"oldest_available_published_at_ms":1700000000001,"newest_available_published_at_ms":1700000000001,"retained_events":1,"retained_bytes":200,"complete":true,"truncated_by_retention":false}}""",
        // Sockudo's history state and presence history state (channel_history_state in crates/sockudo-server/src/http_handler/history/mod.rs,
        // channel_presence_history_state in presence_history/mod.rs): the same shape but for two member names.
        """{"channel":"a","stream":{"stream_id":"s-1","next_serial":2,"retained":{"stream_id":"s-1","retained_messages":1,"retained_bytes":200,"oldest_available_serial":1,"newest_available_serial":1,"oldest_available_published_at_ms":1700000000001,"newest_available_published_at_ms":1700000000001},"state":{"stream_id":"s-1","durable_state":"degraded","recovery_allowed":false,"reset_required":false,"reason":"durable_history_write_failed","node_id":"node-a","last_transition_at_ms":1700000000002,"authoritative_source":"durable_store","observed_source":"durable_store"}}}""",
        """{"channel":"presence-a","stream":{"stream_id":"s-1","next_serial":2,"retained":{"stream_id":"s-1","retained_events":1,"retained_bytes":200,"oldest_available_serial":1,"newest_available_serial":1,"oldest_available_published_at_ms":1700000000001,"newest_available_published_at_ms":1700000000001},"state":{"stream_id":"s-1","durable_state":"healthy","continuity_proven":true,"reset_required":false,"reason":null,"node_id":null,"last_transition_at_ms":null,"authoritative_source":"durable_store","observed_source":"durable_store"}}}""",
    ];

    private static readonly byte[] InvalidUtf8String = [(byte)'"', 0xFF, 0xFE, 0xC3, (byte)'"'];

    /// <summary>What each value in turn is replaced with.</summary>
    private static readonly (string Name, byte[] Json)[] Replacements =
    [
        ("null", "null"u8.ToArray()),
        ("true", "true"u8.ToArray()),
        ("1e400", "1e400"u8.ToArray()),
        ("-1e400", "-1e400"u8.ToArray()),
        ("-1", "-1"u8.ToArray()),
        ("1.5", "1.5"u8.ToArray()),
        ("2147483648", "2147483648"u8.ToArray()),
        ("9223372036854775808", "9223372036854775808"u8.ToArray()),
        ("\"str\"", "\"str\""u8.ToArray()),
        ("\"\"", "\"\""u8.ToArray()),
        ("invalid UTF-8 string", InvalidUtf8String),
        ("[]", "[]"u8.ToArray()),
        ("{}", "{}"u8.ToArray()),
        ("10,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000))),
        ("10,000 nested objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
    ];

    /// <summary>Whole answers that are no mutation of a valid one.</summary>
    private static readonly (string Name, byte[] Body)[] WholeAnswers =
    [
        ("empty", []),
        ("whitespace", " \r\n"u8.ToArray()),
        ("not JSON", "Service Unavailable"u8.ToArray()),
        ("HTML", "<html><body>502 Bad Gateway</body></html>"u8.ToArray()),
        ("truncated", "{\"channels\":{\"presence-a\":{\"user_count\":"u8.ToArray()),
        ("two documents", "{}{}"u8.ToArray()),
        ("trailing garbage", "{\"users\":[]} trailing"u8.ToArray()),
        ("BOM", [0xEF, 0xBB, 0xBF, .. "{\"users\":[]}"u8]),
        ("bare invalid UTF-8", [0xFF, 0xFE, 0xFD]),
        ("invalid UTF-8 channel name (object)", [.. "{\"channels\":{"u8, .. InvalidUtf8String, .. ":{\"user_count\":1}}}"u8]),
        ("invalid UTF-8 channel name (array)", [.. "{\"channels\":[{\"name\":"u8, .. InvalidUtf8String, .. "}]}"u8]),
        ("invalid UTF-8 user id", [.. "{\"users\":[{\"id\":"u8, .. InvalidUtf8String, .. "}]}"u8]),
        ("invalid UTF-8 error", [.. "{\"error\":"u8, .. InvalidUtf8String, .. ",\"code\":500}"u8]),
        ("invalid UTF-8 detail", [.. "{\"detail\":"u8, .. InvalidUtf8String, .. ",\"code\":"u8, .. InvalidUtf8String, .. "}"u8]),
        ("invalid UTF-8 key", [.. "{"u8, .. InvalidUtf8String, .. ":1,\"error\":\"x\",\"code\":500}"u8]),
        ("lone surrogate escape", "{\"error\":\"\\ud800\",\"code\":500,\"detail\":\"\\udfff\",\"users\":[{\"id\":\"\\ud800\"}],\"channels\":{\"\\ud800\":{}}}"u8.ToArray()),
        ("error code out of range", "{\"error\":\"x\",\"code\":1e400}"u8.ToArray()),
        ("error nested deep", Encoding.ASCII.GetBytes("{\"error\":\"x\",\"code\":500,\"deep\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
        ("duplicate keys", "{\"channels\":{\"a\":{},\"a\":{}},\"users\":[],\"users\":{}}"u8.ToArray()),
        ("10,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000))),
    ];

    private static readonly (string Name, Func<ApinatorClient, Task> Call)[] Calls =
    [
        ("TriggerAsync with info", c => c.TriggerAsync("presence-a", "e", "x", new TriggerOptions { Info = ChannelInfo.UserCount | ChannelInfo.SubscriptionCount })),
        ("TriggerAsync on two channels", c => c.TriggerAsync(["presence-a", "b"], "e", "x")),
        ("TriggerBatchAsync", c => c.TriggerBatchAsync([new BatchEvent("presence-a", "e", "x") { Info = ChannelInfo.UserCount }, new BatchEvent("b", "e", "y")])),
        ("GetChannelsAsync", c => c.GetChannelsAsync(info: ChannelInfo.UserCount)),
        ("GetChannelAsync", c => c.GetChannelAsync("presence-a", ChannelInfo.UserCount | ChannelInfo.SubscriptionCount)),
        ("GetPresenceUsersAsync", c => c.GetPresenceUsersAsync("presence-a")),
        ("TerminateUserConnectionsAsync", c => c.TerminateUserConnectionsAsync("u-1")),
        ("SendToUserAsync", c => c.SendToUserAsync("u-1", "e", "x")),
        ("Sockudo GetPresenceSnapshotAsync", c => new SockudoClient(c).GetPresenceSnapshotAsync("presence-a", new PresenceSnapshotQuery { AtSerial = 1 })), // sends on Sockudo only
        ("Sockudo GetHistoryStateAsync", c => new SockudoClient(c).GetHistoryStateAsync("a")),
        ("Sockudo GetPresenceHistoryStateAsync", c => new SockudoClient(c).GetPresenceHistoryStateAsync("presence-a")),
    ];

    /// <summary>Every mutation of every valid answer, and the whole answers.</summary>
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Body)>> Answers = new(() =>
    {
        var answers = new List<(string, byte[])>(WholeAnswers);
        foreach (var valid in ValidAnswers)
        {
            answers.Add((valid, Encoding.UTF8.GetBytes(valid)));
            answers.Add(($"[{valid}]", Encoding.UTF8.GetBytes($"[{valid}]")));
            foreach (var path in Paths(JsonNode.Parse(valid)!, []))
            {
                var shown = "$" + string.Concat(path.Select(p => p is int i ? $"[{i}]" : $".{p}"));
                foreach (var (name, json) in Replacements)
                {
                    answers.Add(($"{valid} with {shown} = {name}", Replace(valid, path, json)));
                }

                if (path.Length > 0) answers.Add(($"{valid} without {shown}", Encoding.UTF8.GetBytes(Remove(valid, path))));
            }
        }

        return answers;
    });

    public static TheoryData<ApinatorProtocol, int> Cases()
    {
        var cases = new TheoryData<ApinatorProtocol, int>();
        foreach (var protocol in new[] { ApinatorProtocol.Apinator, ApinatorProtocol.Pusher, ApinatorProtocol.Sockudo })
        {
            foreach (var status in new[] { 200, 400, 401, 404, 500 }) cases.Add(protocol, status);
        }

        return cases;
    }

    [Fact]
    public void The_generated_set_covers_every_shape_and_mutation()
    {
        // 11 shapes; the smallest has 1 path (the root), the largest (Sockudo's history states) 23; 15 replacements and a deletion per path.
        Assert.True(Answers.Value.Count > 1600, $"Only {Answers.Value.Count} answers were generated.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_call_ends_in_a_result_or_an_ApinatorException_whatever_the_answer(ApinatorProtocol protocol, int status)
    {
        using var test = new TestClient(protocol);
        byte[] body = [];
        test.Handler.Respond = _ =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = content });
        };
        var failures = new List<string>();

        foreach (var (answer, bytes) in Answers.Value)
        {
            body = bytes;
            foreach (var (call, run) in Calls)
            {
                try
                {
                    await run(test.Client);
                }
                catch (ApinatorException)
                {
                    // The one family of exceptions a caller has to handle.
                }
#pragma warning disable CA1031 // Any other exception is the defect this test looks for.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures.Add($"{call} answered {status} {Shorten(answer)}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Answers.Value.Count * Calls.Length} calls escaped ApinatorException:\n{string.Join('\n', failures.Take(60))}");
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    /// <summary>Every path to a value, the root's (empty) first.</summary>
    private static IEnumerable<object[]> Paths(JsonNode node, object[] path)
    {
        yield return path;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (child is null) yield return [.. path, key];
                    else foreach (var p in Paths(child, [.. path, key])) yield return p;
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is null) yield return [.. path, i];
                    else foreach (var p in Paths(a[i]!, [.. path, i])) yield return p;
                }

                break;
        }
    }

    private static byte[] Replace(string valid, object[] path, byte[] json)
    {
        if (path.Length == 0) return json;
        var root = JsonNode.Parse(valid)!;
        var parent = Walk(root, path[..^1]);
        if (path[^1] is int index) parent.AsArray()[index] = JsonValue.Create("__MUTATION__");
        else parent.AsObject()[(string)path[^1]] = JsonValue.Create("__MUTATION__");
        var text = Encoding.UTF8.GetBytes(root.ToJsonString());
        var at = text.AsSpan().IndexOf(PlaceholderBytes);
        return [.. text.AsSpan(0, at), .. json, .. text.AsSpan(at + PlaceholderBytes.Length)];
    }

    private static string Remove(string valid, object[] path)
    {
        var root = JsonNode.Parse(valid)!;
        var parent = Walk(root, path[..^1]);
        if (path[^1] is int index) parent.AsArray().RemoveAt(index);
        else parent.AsObject().Remove((string)path[^1]);
        return root.ToJsonString();
    }

    private static JsonNode Walk(JsonNode node, object[] path)
    {
        foreach (var step in path) node = step is int i ? node[i]! : node[(string)step]!;
        return node;
    }
}
