using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.AspNetCore.Tests.Webhooks;

public sealed class MemoryDeliveryStoreDedupTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    private static async Task<string> ClaimedAsync(MemoryWebhookDeliveryStore store, string key, TimeSpan? lease = null)
    {
        var claim = await store.TryClaimAsync(key, lease ?? Lease, default);
        Assert.True(claim.IsClaimed, $"{key} was {claim.Status}, not claimed.");
        Assert.Equal(DeliveryClaimStatus.Claimed, claim.Status);
        return claim.Token;
    }

    private static async Task<DeliveryClaimStatus> StatusAsync(MemoryWebhookDeliveryStore store, string key) =>
        (await store.TryClaimAsync(key, Lease, default)).Status;

    [Fact]
    public async Task A_key_is_in_progress_while_claimed_and_done_once_completed()
    {
        var store = new MemoryWebhookDeliveryStore(_time);

        var token = await ClaimedAsync(store, "a");
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));
        Assert.Null((await store.TryClaimAsync("a", Lease, default)).Token);
        var other = await ClaimedAsync(store, "b");
        Assert.NotEqual(token, other);

        Assert.True(await store.CompleteAsync("a", token, Retention, default));
        Assert.Same(DeliveryClaim.Done, await store.TryClaimAsync("a", Lease, default));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "b"));
    }

    [Fact]
    public async Task A_released_claim_is_claimed_again_by_the_retry()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var token = await ClaimedAsync(store, "a");

        await store.ReleaseAsync("a", token, default);

        Assert.NotEqual(token, await ClaimedAsync(store, "a"));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));
    }

    [Fact]
    public async Task A_claim_never_completed_nor_released_lapses_with_its_lease()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var dead = await ClaimedAsync(store, "a");

        _time.Advance(Lease - TimeSpan.FromTicks(1));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.NotEqual(dead, await ClaimedAsync(store, "a"));
    }

    [Fact]
    public async Task A_stale_owner_cannot_release_the_claim_that_replaced_its_own()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var stale = await ClaimedAsync(store, "a");
        _time.Advance(Lease);
        var current = await ClaimedAsync(store, "a");

        await store.ReleaseAsync("a", stale, default);
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));

        await store.ReleaseAsync("a", current, default);
        await ClaimedAsync(store, "a");
    }

    [Fact]
    public async Task A_release_does_not_undo_done()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var token = await ClaimedAsync(store, "a");
        Assert.True(await store.CompleteAsync("a", token, Retention, default));

        await store.ReleaseAsync("a", token, default);

        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(store, "a"));
    }

    [Fact]
    public async Task Completing_after_the_lease_lapsed_says_so_and_still_marks_the_key_done()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var slow = await ClaimedAsync(store, "a");
        _time.Advance(Lease);
        var retry = await ClaimedAsync(store, "a");

        Assert.False(await store.CompleteAsync("a", slow, Retention, default));
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(store, "a"));
        Assert.False(await store.CompleteAsync("a", retry, Retention, default));
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(store, "a"));
    }

    [Fact]
    public async Task Renewing_keeps_the_owners_claim_a_lease_from_the_renewal()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        var token = await ClaimedAsync(store, "a");

        // Renewed half-way, then past the first lease's end it is still in progress.
        _time.Advance(Lease / 2);
        Assert.True(await store.RenewAsync("a", token, Lease, default));
        _time.Advance(Lease - TimeSpan.FromTicks(1));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));
        Assert.True(await store.RenewAsync("a", token, Lease, default));
        _time.Advance(Lease - TimeSpan.FromTicks(1));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "a"));

        // Not renewed again: it lapses a lease after the last renewal, and the owner cannot renew it back.
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(await store.RenewAsync("a", token, Lease, default));
        Assert.NotEqual(token, await ClaimedAsync(store, "a"));
    }

    [Fact]
    public async Task Renewing_a_claim_the_token_no_longer_owns_is_refused_and_changes_nothing()
    {
        var store = new MemoryWebhookDeliveryStore(_time);

        // Lapsed and taken over: the new owner's lease is not extended by the stale token.
        var stale = await ClaimedAsync(store, "taken");
        _time.Advance(Lease);
        var current = await ClaimedAsync(store, "taken");
        Assert.False(await store.RenewAsync("taken", stale, Lease * 10, default));

        // Released: stays free.
        var released = await ClaimedAsync(store, "released");
        await store.ReleaseAsync("released", released, default);
        Assert.False(await store.RenewAsync("released", released, Lease, default));

        // Done: stays done for its retention, not a lease.
        var done = await ClaimedAsync(store, "done");
        Assert.True(await store.CompleteAsync("done", done, Retention, default));
        Assert.False(await store.RenewAsync("done", done, Lease * 10, default));

        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(store, "done"));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "taken"));
        _time.Advance(Lease);
        await ClaimedAsync(store, "taken");
        await ClaimedAsync(store, "released");
        Assert.False(await store.RenewAsync("taken", current, Lease, default));
        _time.Advance(Retention - Lease);
        await ClaimedAsync(store, "done");
    }

    [Fact]
    public async Task Done_lasts_its_retention()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        Assert.True(await store.CompleteAsync("a", await ClaimedAsync(store, "a"), Retention, default));

        _time.Advance(Retention - TimeSpan.FromTicks(1));
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(store, "a"));
        _time.Advance(TimeSpan.FromTicks(1));
        await ClaimedAsync(store, "a");
    }

    [Fact]
    public async Task What_a_released_key_leaves_behind_does_not_expire_another_entry_early()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        await store.ReleaseAsync("released", await ClaimedAsync(store, "released"), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await ClaimedAsync(store, "live");

        // The released key's lease comes up; the live one's is a second away.
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "live"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await ClaimedAsync(store, "live");
    }

    [Fact]
    public async Task Expired_entries_are_dropped_so_memory_does_not_grow()
    {
        var store = new MemoryWebhookDeliveryStore(_time);
        for (var i = 0; i < 500; i++) await ClaimedAsync(store, $"k{i}");
        for (var i = 500; i < 1000; i++) await store.CompleteAsync($"k{i}", await ClaimedAsync(store, $"k{i}"), Retention, default);
        Assert.Equal(1000, store.Count);

        _time.Advance(Retention);
        await ClaimedAsync(store, "fresh");
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task When_full_the_entry_closest_to_expiry_goes_first()
    {
        var store = new MemoryWebhookDeliveryStore(_time, capacity: 3);
        await ClaimedAsync(store, "long", TimeSpan.FromHours(1));
        await ClaimedAsync(store, "short", TimeSpan.FromMinutes(1));
        await ClaimedAsync(store, "middle", TimeSpan.FromMinutes(10));

        await ClaimedAsync(store, "new");

        Assert.Equal(3, store.Count);
        await ClaimedAsync(store, "short");
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(store, "long"));
    }

    [Fact]
    public async Task Claims_released_or_completed_over_and_over_do_not_grow_the_store()
    {
        var store = new MemoryWebhookDeliveryStore(_time, capacity: 10);
        for (var i = 0; i < 10_000; i++)
        {
            await store.ReleaseAsync("retried", await ClaimedAsync(store, "retried"), default);
            await store.CompleteAsync($"done{i}", await ClaimedAsync(store, $"done{i}"), Retention, default);
        }

        Assert.Equal(10, store.Count);
        await ClaimedAsync(store, "retried");
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var store = new MemoryWebhookDeliveryStore(TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryClaimAsync("same", Lease, default))));
        Assert.Single(results, r => r.IsClaimed);
        Assert.All(results.Where(r => !r.IsClaimed), r => Assert.Equal(DeliveryClaimStatus.InProgress, r.Status));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryWebhookDeliveryStore(_time, capacity: 0));
        Assert.Throws<ArgumentException>(() => DeliveryClaim.Claimed(""));
        var store = new MemoryWebhookDeliveryStore(_time);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.TryClaimAsync("a", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.TryClaimAsync(null!, Lease, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.CompleteAsync("a", "token", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.CompleteAsync("a", "", Retention, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ReleaseAsync("a", "", default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.RenewAsync("a", "token", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.RenewAsync("a", "", Lease, default));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.RenewAsync(null!, "token", Lease, default));
    }
}
