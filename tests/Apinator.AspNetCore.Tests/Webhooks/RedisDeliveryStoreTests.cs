using Apinator.AspNetCore.Redis;
using Apinator.AspNetCore.Webhooks;
using StackExchange.Redis;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>The Redis store's two states, owner tokens and renewals, against a real redis-server.</summary>
public sealed class RedisDeliveryStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(30); // never waited out: LapseAsync ends it
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private ConnectionMultiplexer? _connection;

    private IDatabase Database => _connection!.GetDatabase();

    private RedisWebhookDeliveryStore Store => new(_connection!);

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private static string NewKey() => $"apinator:webhook:test:{Guid.NewGuid():N}";

    private async Task<string> ClaimedAsync(string key, TimeSpan? lease = null)
    {
        var claim = await Store.TryClaimAsync(key, lease ?? Lease, default);
        Assert.True(claim.IsClaimed, $"{key} was {claim.Status}, not claimed.");
        return claim.Token;
    }

    private async Task<DeliveryClaimStatus> StatusAsync(string key) => (await Store.TryClaimAsync(key, Lease, default)).Status;

    /// <summary>
    /// Lets a claim's lease lapse now, without waiting it out: the key must carry a lease of at
    /// most <see cref="ShortLease"/> (so Redis itself would drop it within that), and is then
    /// expired as Redis would at the end of it.
    /// </summary>
    private async Task LapseAsync(string key)
    {
        Assert.InRange((await Database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromTicks(1), ShortLease);
        Assert.True(await Database.KeyExpireAsync(key, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_key_holds_its_owner_for_the_lease_then_done_for_the_retention()
    {
        var key = NewKey();
        var token = await ClaimedAsync(key);

        Assert.Equal("pending:" + token, (string?)await Database.StringGetAsync(key));
        Assert.InRange((await Database.KeyTimeToLiveAsync(key))!.Value, Lease - TimeSpan.FromSeconds(5), Lease);
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(key));

        Assert.True(await Store.CompleteAsync(key, token, Retention, default));
        Assert.Equal("done", (string?)await Database.StringGetAsync(key));
        Assert.InRange((await Database.KeyTimeToLiveAsync(key))!.Value, Retention - TimeSpan.FromSeconds(5), Retention);
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(key));
    }

    [Fact]
    public async Task A_released_claim_is_claimed_again_by_the_retry()
    {
        var key = NewKey();
        var token = await ClaimedAsync(key);

        await Store.ReleaseAsync(key, token, default);

        Assert.NotEqual(token, await ClaimedAsync(key));
    }

    [Fact]
    public async Task A_claim_never_completed_nor_released_lapses_with_its_lease()
    {
        var key = NewKey();
        var dead = await ClaimedAsync(key, ShortLease);
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(key));

        await LapseAsync(key);

        Assert.NotEqual(dead, await ClaimedAsync(key));
    }

    [Fact]
    public async Task A_stale_owner_cannot_release_the_claim_that_replaced_its_own()
    {
        var key = NewKey();
        var stale = await ClaimedAsync(key, ShortLease);
        await LapseAsync(key);
        var current = await ClaimedAsync(key);

        await Store.ReleaseAsync(key, stale, default);
        Assert.Equal("pending:" + current, (string?)await Database.StringGetAsync(key));

        await Store.ReleaseAsync(key, current, default);
        await ClaimedAsync(key);
    }

    [Fact]
    public async Task A_release_does_not_undo_done_and_a_late_completion_says_the_lease_had_lapsed()
    {
        var key = NewKey();
        var slow = await ClaimedAsync(key, ShortLease);
        await LapseAsync(key);
        var retry = await ClaimedAsync(key);

        Assert.False(await Store.CompleteAsync(key, slow, Retention, default));
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(key));

        await Store.ReleaseAsync(key, retry, default);
        Assert.Equal(DeliveryClaimStatus.Done, await StatusAsync(key));
    }

    [Fact]
    public async Task Renewing_sets_the_owners_claim_to_a_lease_from_now_and_keeps_its_owner()
    {
        var key = NewKey();
        var token = await ClaimedAsync(key, ShortLease);

        Assert.True(await Store.RenewAsync(key, token, Lease, default));
        Assert.Equal("pending:" + token, (string?)await Database.StringGetAsync(key));
        Assert.InRange((await Database.KeyTimeToLiveAsync(key))!.Value, Lease - TimeSpan.FromSeconds(5), Lease);

        // The lease it was claimed with no longer applies: it is still in progress, and renewable.
        Assert.Equal(DeliveryClaimStatus.InProgress, await StatusAsync(key));
        Assert.True(await Store.RenewAsync(key, token, Lease, default));
    }

    [Fact]
    public async Task Renewing_a_claim_the_token_no_longer_owns_is_refused_and_leaves_the_key_as_it_is()
    {
        var longer = Retention * 2;

        // Lapsed, not yet claimed again: stays free.
        var lapsed = NewKey();
        var gone = await ClaimedAsync(lapsed, ShortLease);
        await LapseAsync(lapsed);
        Assert.False(await Store.RenewAsync(lapsed, gone, Lease, default));
        Assert.False(await Database.KeyExistsAsync(lapsed));

        // Lapsed and taken over: the new owner's claim and lease stand.
        var taken = NewKey();
        var stale = await ClaimedAsync(taken, ShortLease);
        await LapseAsync(taken);
        var current = await ClaimedAsync(taken);
        Assert.False(await Store.RenewAsync(taken, stale, longer, default));
        Assert.Equal("pending:" + current, (string?)await Database.StringGetAsync(taken));
        Assert.InRange((await Database.KeyTimeToLiveAsync(taken))!.Value, TimeSpan.Zero, Lease);

        // Released: stays free.
        var released = NewKey();
        var token = await ClaimedAsync(released);
        await Store.ReleaseAsync(released, token, default);
        Assert.False(await Store.RenewAsync(released, token, Lease, default));
        Assert.False(await Database.KeyExistsAsync(released));

        // Done: stays done for its retention.
        var done = NewKey();
        var owner = await ClaimedAsync(done);
        Assert.True(await Store.CompleteAsync(done, owner, Retention, default));
        Assert.False(await Store.RenewAsync(done, owner, longer, default));
        Assert.Equal("done", (string?)await Database.StringGetAsync(done));
        Assert.InRange((await Database.KeyTimeToLiveAsync(done))!.Value, Retention - TimeSpan.FromSeconds(5), Retention);
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var key = NewKey();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Store.TryClaimAsync(key, Lease, default).AsTask()));
        Assert.Single(results, r => r.IsClaimed);
        Assert.All(results.Where(r => !r.IsClaimed), r => Assert.Equal(DeliveryClaimStatus.InProgress, r.Status));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.TryClaimAsync(NewKey(), TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.CompleteAsync(NewKey(), "token", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ReleaseAsync(NewKey(), "", default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.RenewAsync(NewKey(), "token", TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.RenewAsync(NewKey(), "", Lease, default));
    }
}
