using System.Net;
using System.Globalization;
using AotApp;
using Apinator.Aot.Tests.Services;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>
/// The publish queue (<c>AddPublishQueue</c>, <c>IApinatorPublisher</c>) sending to a service this
/// process plays (<see cref="EventSink"/>): what an enqueued event becomes on the wire, a full queue in
/// Throw mode, and the drain on a graceful stop. Each runs its own app.
/// </summary>
internal static class QueueOutcomes
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("queue: an enqueued event reaches the service as TriggerAsync sends it", Scenario.AppContext, async (start, json) =>
        {
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Wait"));

            (await app.Client.PostAsync("/orders/o-1/shipped-now/1", null)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/orders/o-1/shipped/1", null)).StatusCode);
            await sink.EventsAsync(2);

            var (triggered, queued) = (sink.Calls[0], sink.Calls[1]);
            Assert.Equal($"/apps/{AppUnderTest.AppId}/events", triggered.Path);
            Assert.Equal($"/apps/{AppUnderTest.AppId}/batch_events", queued.Path);
            Assert.All(sink.Calls, call => Assert.True(call.Signed, $"Not signed as PROTOCOL.md says: {call}"));
            Assert.Equal(Assert.Single(triggered.Events), Assert.Single(queued.Events));
            Assert.Equal(Shipped("o-1", 1), queued.Events[0]);
        }),
        new("queue: data of a type the app's context lacks is refused at enqueue, nothing sent", Scenario.AnyJson, async (start, json) =>
        {
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Wait"));

            var refused = await app.Client.PostAsync("/orders/o-1/unlisted", null);

            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
            var message = await refused.Content.ReadAsStringAsync();
            Assert.Contains("NotInContext", message, StringComparison.Ordinal);
            Assert.Contains("JsonSerializerContext", message, StringComparison.Ordinal);
            Assert.Equal("0", await FlushAsync(app));
            Assert.Empty(sink.Calls);
        }),
        new("queue: full in Throw mode, the caller is told at once and the event is not sent", Scenario.AppContext, async (start, json) =>
        {
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Throw", capacity: 1));
            sink.Hold();
            try
            {
                Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/orders/o-1/shipped/1", null)).StatusCode);
                // Being sent, it still holds the queue's one place.
                await sink.CallsAsync(1);

                var full = await app.Client.PostAsync("/orders/o-2/shipped/1", null);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
                Assert.Equal(PublishEndpoints.QueueFull, await full.Content.ReadAsStringAsync());
            }
            finally
            {
                sink.Release();
            }

            Assert.Equal("0", await FlushAsync(app));
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync("/orders/o-3/shipped/1", null)).StatusCode);
            Assert.Equal("0", await FlushAsync(app));
            Assert.Equal([Shipped("o-1", 1), Shipped("o-3", 1)], sink.Events);
        }),
        new("queue: drained on a graceful stop, in order, in batches", Scenario.AppContext, async (start, json) =>
        {
            const int Count = 12;
            await using var sink = await EventSink.StartAsync();
            await using var app = await start(Settings(json, sink, "Wait"));
            sink.Hold();
            Task stopped;
            try
            {
                for (var step = 1; step <= Count; step++)
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync($"/orders/o-9/shipped/{step}", null)).StatusCode);
                }

                // The first batch is held at the service; the rest still wait in the queue when its sender is stopped.
                await sink.CallsAsync(1);
                stopped = await app.BeginStopAsync();
                await app.LogContainingAsync(QueueStopSignal.Message);
            }
            finally
            {
                sink.Release();
            }

            await stopped;
            Assert.Equal(Enumerable.Range(1, Count).Select(step => Shipped("o-9", step)), sink.Events);
            Assert.Contains(sink.Calls, call => call.Events.Count > 1);
            Assert.All(sink.Calls, call => Assert.True(call.Signed, $"Not signed as PROTOCOL.md says: {call}"));
        }),
    ];

    /// <summary>The event the app publishes for an order, written here by hand: the app's context has no naming policy.</summary>
    internal static SinkEvent Shipped(string id, int step) =>
        new("private-orders-" + id, "order-shipped", $$"""{"Id":"{{id}}","Step":{{step}},"Total":{{(12.5m + step).ToString(CultureInfo.InvariantCulture)}}}""", PublishEndpoints.SocketId);

    internal static async Task<string> FlushAsync(AppUnderTest app)
    {
        var response = await app.Client.PostAsync("/test/queue/flush", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    internal static IReadOnlyDictionary<string, string?> Settings(string json, EventSink sink, string mode, int? capacity = null, string? redis = null) =>
        AppUnderTest.Settings(
            json,
            ("Apinator:Cluster", null),
            ("Apinator:BaseAddress", sink.Address.ToString()),
            ("AotApp:Queue", mode),
            ("AotApp:QueueCapacity", capacity?.ToString(CultureInfo.InvariantCulture)),
            ("AotApp:Redis", redis));
}
