using Apinator.AspNetCore.Publishing;
using Apinator.Testing.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.Testing.Tests.Recording;

/// <summary>An app's publish queue under the test kit: it sends into the fake, and a test can drain it.</summary>
public sealed class FakePublishQueueTests
{
    [Fact]
    public async Task Queued_events_reach_the_fake_once_the_queue_is_drained()
    {
        FakeApinator fake = null!;
        await using var app = await TinyApp.StartAsync(apinator: a => a.AddPublishQueue(), services: s => fake = s.AddFakeApinator());
        var queue = app.Services.GetRequiredService<IApinatorPublisher>();

        await queue.EnqueueAsync("orders", "created", new { id = 7 });
        await queue.EnqueueAsync(["a", "b"], "both", "x");
        await app.Services.DrainPublishQueueAsync();

        Assert.Equal(0, queue.Count);
        var created = fake.AssertTriggered("orders", "created", data => data.GetProperty("id").GetInt32() == 7);
        Assert.True(created.WasBatched);
        fake.AssertTriggered("a", "both");
        fake.AssertTriggered("b", "both");
    }

    [Fact]
    public async Task A_queued_event_for_an_encrypted_channel_is_sealed_once_when_sent()
    {
        var masterKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        FakeApinator fake = null!;
        await using var app = await TinyApp.StartAsync(options: o => o.EncryptionMasterKeyBase64 = masterKey, apinator: a => a.AddPublishQueue(), services: s => fake = s.AddFakeApinator());
        var queue = app.Services.GetRequiredService<IApinatorPublisher>();

        await queue.EnqueueAsync("private-encrypted-orders", "secret", new { pin = 1234 });
        await app.Services.DrainPublishQueueAsync();

        var recorded = fake.AssertTriggered("private-encrypted-orders", "secret");
        Assert.True(recorded.WasEncrypted);
        Assert.Equal("""{"pin":1234}""", recorded.Data);
    }

    [Fact]
    public async Task A_queued_event_the_fake_refuses_is_refused_at_enqueue()
    {
        await using var app = await TinyApp.StartAsync(apinator: a => a.AddPublishQueue(), services: s => s.AddFakeApinator());
        var queue = app.Services.GetRequiredService<IApinatorPublisher>();

        await Assert.ThrowsAsync<ApinatorValidationException>(() => queue.EnqueueAsync("bad channel", "e", "x").AsTask());

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Draining_an_app_without_a_queue_says_so()
    {
        await using var app = await TinyApp.StartAsync(services: s => s.AddFakeApinator());

        var e = await Assert.ThrowsAsync<ApinatorAssertionException>(() => app.Services.DrainPublishQueueAsync());

        Assert.Contains("AddPublishQueue", e.Message, StringComparison.Ordinal);
    }
}
