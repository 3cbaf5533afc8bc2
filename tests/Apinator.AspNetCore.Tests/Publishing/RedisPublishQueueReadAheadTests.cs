using Apinator.AspNetCore.Tests.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// A lane with a backlog costs one Redis call per batch: the delete of a sent batch reads the next one.
/// Counted by Redis itself (<c>INFO commandstats</c>), on an instance whose clock is frozen so that no
/// renewal adds calls of its own.
/// </summary>
[Collection(PublishQueueCollection.Name)]
public sealed class RedisPublishQueueReadAheadTests
{
    [Fact]
    public async Task A_backlog_is_sent_with_about_one_script_call_per_batch_in_order()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        await using var admin = await RedisPublishQueueAcceptTests.AdminAsync(server);
        var db = admin.GetDatabase();
        var queue = Guid.NewGuid().ToString("N");
        await using var a = new RedisQueueInstance(server, queue, new FakeTimeProvider(DateTimeOffset.UtcNow), lanes: 1, lease: TimeSpan.FromSeconds(30));
        for (var n = 0; n < 45; n++) await a.Publisher.EnqueueAsync("orders", "shipped", $"{n}");
        await db.ExecuteAsync("CONFIG", "RESETSTAT");

        await a.StartAsync();
        await a.PublishedAsync(45);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await db.HashExistsAsync($"apinator:queue:{{{queue}}}:idle", 1) is false)
        {
            Assert.True(DateTime.UtcNow < deadline, "The sender did not find its lane empty within 30 s.");
            await Task.Delay(20);
        }

        // Pusher's batches hold 10: five batches. A look and a take for the first, a delete (reading the
        // next) for each, and the look that found the lane empty: eight, where three per batch made sixteen.
        Assert.Equal(5, a.Sink.Calls.Count);
        Assert.Equal(Enumerable.Range(0, 45).Select(n => $"{n}"), a.Sink.Published.Select(e => e.Data));
        Assert.Equal(8, await RedisPublishQueueAcceptTests.CallsAsync(db, "eval", "evalsha"));
    }
}
