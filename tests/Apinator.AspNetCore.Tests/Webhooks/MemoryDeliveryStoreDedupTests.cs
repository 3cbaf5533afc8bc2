using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

public sealed class MemoryDeliveryStoreDedupTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_key_is_claimed_once_until_released()
    {
        var store = new MemoryWebhookDeliveryStore(_time);

        Assert.True(await store.TryClaimAsync("a", Ttl, default));
        Assert.False(await store.TryClaimAsync("a", Ttl, default));
        Assert.True(await store.TryClaimAsync("b", Ttl, default));

        await store.ReleaseAsync("a", default);
        Assert.True(await store.TryClaimAsync("a", Ttl, default));
        Assert.False(await store.TryClaimAsync("a", Ttl, default));
    }

    [Fact]
    public async Task A_claim_expires_after_its_time_to_live()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        Assert.True(await store.TryClaimAsync("a", Ttl, default));

        _time.Advance(Ttl - TimeSpan.FromTicks(1));
        Assert.False(await store.TryClaimAsync("a", Ttl, default));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(await store.TryClaimAsync("a", Ttl, default));
    }

    [Fact]
    public async Task Expired_claims_are_dropped_so_memory_does_not_grow()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        for (var i = 0; i < 1000; i++) Assert.True(await store.TryClaimAsync($"k{i}", Ttl, default));
        Assert.Equal(1000, store.Count);

        _time.Advance(Ttl);
        Assert.True(await store.TryClaimAsync("fresh", Ttl, default));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task When_full_the_claim_closest_to_expiry_goes_first()
    {
        var store = new MemoryWebhookDeliveryStore(_time, capacity: 3);
        Assert.True(await store.TryClaimAsync("long", TimeSpan.FromHours(1), default));
        Assert.True(await store.TryClaimAsync("short", TimeSpan.FromMinutes(1), default));
        Assert.True(await store.TryClaimAsync("middle", TimeSpan.FromMinutes(10), default));

        Assert.True(await store.TryClaimAsync("new", Ttl, default));

        Assert.Equal(3, store.Count);
        Assert.True(await store.TryClaimAsync("short", TimeSpan.FromMinutes(1), default));
        Assert.False(await store.TryClaimAsync("long", TimeSpan.FromHours(1), default));
    }

    [Fact]
    public async Task Claims_released_over_and_over_do_not_grow_the_store()
    {
        var store = new MemoryWebhookDeliveryStore(_time, capacity: 10);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(await store.TryClaimAsync("retried", Ttl, default));
            await store.ReleaseAsync("retried", default);
        }

        Assert.Equal(0, store.Count);
        Assert.True(await store.TryClaimAsync("retried", Ttl, default));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var store = new MemoryWebhookDeliveryStore(TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryClaimAsync("same", Ttl, default))));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryWebhookDeliveryStore(_time, capacity: 0));
        var store = new MemoryWebhookDeliveryStore(_time);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.TryClaimAsync("a", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.TryClaimAsync(null!, Ttl, default));
    }
}
