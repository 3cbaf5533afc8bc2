using System.Diagnostics;
using System.Net;
using Apinator.Diagnostics;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Diagnostics;

[CollectionDefinition(nameof(ClientTelemetryTests), DisableParallelization = true)]
public sealed class ClientTelemetryCollection;

/// <summary>Spans and metrics of REST calls, read with ActivityListener and MeterListener as OpenTelemetry would.</summary>
[Collection(nameof(ClientTelemetryTests))]
public sealed class ClientTelemetryTests : IDisposable
{
    private readonly TelemetryRecorder _telemetry = new();

    private IReadOnlyList<Activity> Spans => _telemetry.Activities;

    private IReadOnlyList<TelemetryRecorder.Measurement> Measured => _telemetry.Measurements;

    [Fact]
    public async Task A_trigger_is_one_client_span_named_by_route_template_with_its_status()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);

        await test.Client.TriggerAsync("private-user-alice", "notice", "hi");

        var span = Assert.Single(Spans);
        Assert.Equal("POST /apps/{app_id}/events", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal("/apps/{app_id}/events", span.GetTagItem("url.template"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("Pusher", span.GetTagItem("apinator.protocol"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Null(span.GetTagItem("error.type"));
        NothingSensitiveIn(span.TagObjects);
    }

    [Fact]
    public async Task A_call_on_a_channel_names_the_route_not_the_channel()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        test.Handler.ResponseBody = "{\"users\":[{\"id\":\"alice\"}]}";

        await test.Client.GetPresenceUsersAsync("presence-team-alice");

        var span = Assert.Single(Spans);
        Assert.Equal("GET /apps/{app_id}/channels/{channel}/users", span.DisplayName);
        NothingSensitiveIn(span.TagObjects);
    }

    [Fact]
    public async Task A_failed_call_carries_error_type_and_error_status()
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.Unauthorized;

        await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => test.Client.TriggerAsync("chat", "message", "x"));

        var span = Assert.Single(Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("401", span.GetTagItem("error.type"));
        Assert.Equal(401, span.GetTagItem("http.response.status_code"));
        var failure = Assert.Single(Measured, m => m.Instrument == "apinator.client.publish.failures");
        Assert.Equal("401", failure.Tags["error.type"]);
    }

    [Fact]
    public async Task A_call_with_no_answer_is_typed_by_its_exception()
    {
        using var test = new TestClient();
        test.Handler.Respond = _ => throw new HttpRequestException("Connection refused");

        await Assert.ThrowsAsync<ApinatorNetworkException>(() => test.Client.TriggerAsync("chat", "message", "x"));

        Assert.Equal(nameof(ApinatorNetworkException), Assert.Single(Spans).GetTagItem("error.type"));
    }

    [Fact]
    public async Task Durations_and_published_events_are_measured()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);

        await test.Client.TriggerAsync(["a", "b", "c"], "update", "x");
        await test.Client.TriggerBatchAsync([new("a", "e", "1"), new("b", "e", "2")]);

        var durations = Measured.Where(m => m.Instrument == "apinator.client.request.duration").ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        Assert.Equal(["/apps/{app_id}/events", "/apps/{app_id}/batch_events"], durations.Select(d => d.Tags["url.template"]));
        Assert.Equal(5, Measured.Where(m => m.Instrument == "apinator.client.events.published").Sum(m => m.Value));
        Assert.All(Measured, m => NothingSensitiveIn(m.Tags));
    }

    public void Dispose() => _telemetry.Dispose();

    /// <summary>No secret, key, channel name or user id in any tag value.</summary>
    private static void NothingSensitiveIn(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (name, value) in tags)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            foreach (var forbidden in new[] { TestClient.Secret, TestClient.Key, "alice", "private-user", TestClient.AppId })
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"Tag {name} = '{text}' contains '{forbidden}'.");
            }
        }
    }
}
