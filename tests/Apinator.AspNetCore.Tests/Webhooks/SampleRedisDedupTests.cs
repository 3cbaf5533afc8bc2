using System.Net;
using Apinator.AspNetCore.Tests.Sample;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using MinimalApi.Activity;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>The sample, run twice with <c>ConnectionStrings:Redis</c> pointing at one real Redis.</summary>
public sealed class SampleRedisDedupTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Two_sample_instances_sharing_Redis_record_a_delivery_once()
    {
        await using var first = new SampleApp(redis.Server.ConnectionString);
        await using var second = new SampleApp(redis.Server.ConnectionString);
        var firstClient = first.CreateClient();
        var secondClient = second.CreateClient();
        var channel = $"presence-{Guid.NewGuid():N}";
        var body = WebhookDeliveries.Envelope(SampleApp.Start, $$"""{"name":"member_added","channel":"{{channel}}","user_id":"ada"}""");

        var responses = await Task.WhenAll(
            firstClient.SendAsync(WebhookDeliveries.Pusher(body)),
            secondClient.SendAsync(WebhookDeliveries.Pusher(body)),
            firstClient.SendAsync(WebhookDeliveries.Pusher(body)),
            secondClient.SendAsync(WebhookDeliveries.Pusher(body)));

        // Copies reaching an instance while the other handles the delivery are told to retry (503).
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await firstClient.SendAsync(WebhookDeliveries.Pusher(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.SendAsync(WebhookDeliveries.Pusher(body))).StatusCode);
        var recorded = first.Services.GetRequiredService<ActivityLog>().Recent().Concat(second.Services.GetRequiredService<ActivityLog>().Recent());
        Assert.Single(recorded, e => e.Channel == channel);
        Assert.Equal("RedisWebhookDeliveryStore", first.Services.GetRequiredService<IWebhookDeliveryStore>().GetType().Name);
    }

    [Fact]
    public void Without_a_Redis_connection_string_the_sample_de_duplicates_in_memory()
    {
        using var sample = new SampleApp();
        Assert.IsType<MemoryWebhookDeliveryStore>(sample.Services.GetRequiredService<IWebhookDeliveryStore>());
    }
}
