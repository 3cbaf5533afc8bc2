using System.Net;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// Two instances sharing Redis: a delivery in progress at one is not acknowledged by the other, however
/// long its handler runs (its claim is renewed), and one whose instance died is handled after its lease.
/// </summary>
public sealed partial class RedisDedupTests
{
    /// <summary>
    /// Short, so that a dead instance's claim lapses within the test, yet long enough that the steps
    /// which must see a claim still in progress finish within it on a slow, busy machine.
    /// </summary>
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_copy_at_the_other_instance_while_the_first_runs_gets_503_and_is_handled_after_the_first_fails(ApinatorProtocol protocol)
    {
        await using var first = await StartInstanceAsync(redis.Server, protocol);
        await using var second = await StartInstanceAsync(redis.Server, protocol);
        var channel = Unique("busy");
        var delivery = Delivery(protocol, channel);
        var gate = _gates.Close(channel);
        var running = first.Client.SendAsync(delivery());
        await gate.Reached;

        await DedupAssert.IsInProgressAsync(await second.Client.SendAsync(delivery()));
        await DedupAssert.IsInProgressAsync(await first.Client.SendAsync(delivery()));
        Assert.Contains(second.Logs.Entries, e => e.EventId == 26);

        gate.Fail();
        await ProblemAssert.IsProblemAsync(await running, HttpStatusCode.InternalServerError);
        Assert.Empty(Handled);

        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal([channel], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_delivery_whose_instance_died_mid_handler_is_handled_at_the_other_once_the_lease_lapses(ApinatorProtocol protocol)
    {
        await using var first = await StartInstanceAsync(redis.Server, protocol, ShortLease, renews: false);
        await using var second = await StartInstanceAsync(redis.Server, protocol, ShortLease);
        var channel = Unique("dies");
        var delivery = Delivery(protocol, channel);
        var dead = _gates.Close(channel);
        var dying = first.Client.SendAsync(delivery());
        await dead.Reached;
        await DedupAssert.IsInProgressAsync(await second.Client.SendAsync(delivery()));

        // The sender keeps retrying: 503 until the dead claim's lease lapses, then the retry claims it.
        var retry = _gates.Close(channel);
        var retrying = SendUntilOkAsync(delivery, TimeSpan.FromSeconds(15), second);
        await retry.Reached;

        // The stale attempt failing late releases only a claim it still owns: the retry's stands.
        dead.Fail();
        await ProblemAssert.IsProblemAsync(await dying, HttpStatusCode.InternalServerError);
        await DedupAssert.IsInProgressAsync(await first.Client.SendAsync(delivery()));

        retry.Open();
        await retrying;
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal([channel], Handled);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Apinator)]
    public async Task A_handler_running_longer_than_two_leases_keeps_its_claim_so_copies_at_the_other_instance_get_503(ApinatorProtocol protocol)
    {
        RecordingDeliveryStore? store = null;
        await using var first = await StartInstanceAsync(redis.Server, protocol, ShortLease, recorded: s => store = s);
        await using var second = await StartInstanceAsync(redis.Server, protocol, ShortLease);

        // With Pusher, three events: the second event's mark is renewed along with the delivery's claim.
        string[] channels = protocol == ApinatorProtocol.Pusher ? [Unique("slow-one"), Unique("slow-two"), Unique("slow-three")] : [Unique("slow")];
        var delivery = Delivery(protocol, channels);
        var gate = _gates.Close(channels[channels.Length / 2]);
        var running = first.Client.SendAsync(delivery());
        await gate.Reached;

        // Six renewals of each claim, a third of a lease apart: the handler has run for two leases,
        // so without them Redis would have let the claims lapse. Counted, not timed: each copy is
        // sent once a renewal has reached Redis, and must find the delivery still in progress.
        var claims = channels.Length;
        for (var tick = 1; tick <= 6; tick++)
        {
            await store!.RenewedAsync(claims * tick);
            await DedupAssert.IsInProgressAsync(await second.Client.SendAsync(delivery()));
        }

        Assert.All(store!.Renewals, r => Assert.True(r.Renewed));
        gate.Open();
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(channels, Handled);
        Assert.DoesNotContain(first.Logs.Entries, e => e.EventId is 27 or 29 or 30);
    }

    [Fact]
    public async Task A_delivery_whose_instance_died_after_its_first_event_runs_only_the_rest_at_the_other()
    {
        await using var first = await StartInstanceAsync(redis.Server, ApinatorProtocol.Pusher, ShortLease, renews: false);
        await using var second = await StartInstanceAsync(redis.Server, ApinatorProtocol.Pusher, ShortLease);
        string[] channels = [Unique("one"), Unique("two"), Unique("three")];
        var delivery = Delivery(ApinatorProtocol.Pusher, channels);
        var dead = _gates.Close(channels[1]);
        var dying = first.Client.SendAsync(delivery());
        await dead.Reached;
        Assert.Equal([channels[0]], Handled);

        await SendUntilOkAsync(delivery, TimeSpan.FromSeconds(15), second);
        Assert.Equal(channels, Handled);

        dead.Fail();
        await ProblemAssert.IsProblemAsync(await dying, HttpStatusCode.InternalServerError);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(delivery())).StatusCode);
        Assert.Equal(channels, Handled);
    }

    /// <summary>Sends the delivery as the service would retry it (alternating instances) until one answers 200; any answer but 503 fails.</summary>
    private static async Task SendUntilOkAsync(Func<HttpRequestMessage> delivery, TimeSpan within, params TestApp[] instances)
    {
        var deadline = DateTime.UtcNow + within;
        for (var tries = 0; ; tries++)
        {
            var status = (await instances[tries % instances.Length].Client.SendAsync(delivery())).StatusCode;
            if (status == HttpStatusCode.OK) return;
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"Unexpected {(int)status} while retrying.");
            Assert.True(DateTime.UtcNow < deadline, $"Still 503 after {within.TotalSeconds} s ({tries + 1} tries).");
            await Task.Delay(200);
        }
    }
}
