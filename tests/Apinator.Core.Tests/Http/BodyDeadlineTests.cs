using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace Apinator.Tests.Http;

/// <summary>
/// An answer whose body stops coming: once its headers are in, the body gets the client's
/// timeout again, measured on the client's <see cref="TimeProvider"/>.
/// </summary>
public sealed class BodyDeadlineTests
{
    [Fact]
    public async Task A_body_that_stops_coming_fails_when_the_timeout_has_passed_on_the_clients_clock()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 1000;
            await context.Response.Body.WriteAsync("{\"channels\":"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            stalled.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });
        var clock = new WaitingClock();
        var options = new ApinatorOptions
        {
            AppId = TestClient.AppId, Key = TestClient.Key, Secret = TestClient.Secret, Protocol = ApinatorProtocol.Pusher,
            BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(20),
        };
        using var http = new HttpClient(ApinatorClient.CreatePrimaryHandler()) { Timeout = options.Timeout };
        using var client = new ApinatorClient(http, options, clock);

        var reading = client.GetChannelsAsync();
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The read that waits arms the whole timeout; a tick less and the call is still waiting.
        Assert.Equal(options.Timeout, await clock.NextWaitAsync(_ => true));
        clock.Fake.Advance(options.Timeout - TimeSpan.FromTicks(1));
        Assert.False(reading.IsCompleted);
        clock.Fake.Advance(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => reading);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("did not arrive within 20 s", error.Message, StringComparison.Ordinal);
    }
}
