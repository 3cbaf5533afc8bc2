using System.Net;
using System.Net.Http.Headers;
using Apinator.EndToEnd.Hosting;
using Apinator.EndToEnd.Node;
using Apinator.Webhooks;

namespace Apinator.EndToEnd.Webhooks;

[Collection(EndToEndCollection.Name)]
public class WebhookSignatureTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_real_Soketi_delivery_with_one_byte_changed_is_refused_with_401_and_never_handled()
    {
        var channel = EndToEndFixture.UniqueName("e2e-tamper");
        await using (var driver = await PusherDriver.ConnectAsync(fixture))
        {
            await driver.SubscribeAsync(channel);
        }

        var delivery = await fixture.Webhooks.Deliveries.WaitForAsync(
            d => d.BodyText.Contains(channel, StringComparison.Ordinal) && d.BodyText.Contains("channel_occupied", StringComparison.Ordinal),
            $"channel_occupied delivery for {channel}",
            JsonLinesProcess.DefaultTimeout);
        Assert.Equal(200, delivery.Status);

        // Same length, one byte different: the channel name's last character.
        var tamperedChannel = channel[..^1] + (channel[^1] == '0' ? '1' : '0');
        var tampered = delivery.Body.ToArray();
        var at = delivery.BodyText.IndexOf(channel, StringComparison.Ordinal) + channel.Length - 1;
        tampered[at] = (byte)tamperedChannel[^1];

        using var response = await PostAsync(delivery, tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The endpoint answers only after the handler ran, so nothing can still be on its way.
        Assert.DoesNotContain(fixture.Webhooks.Handled.Snapshot(), h => h.Event.Channel == tamperedChannel);

        // The untouched delivery, replayed with the same headers, is accepted (the 401 was the
        // tampering) but, being a replay of a delivery already handled, not handled again.
        using var control = await PostAsync(delivery, delivery.Body);
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        Assert.Equal(1, fixture.Webhooks.Handled.Snapshot().Count(h => h.Event == new ChannelOccupiedEvent(channel)));
    }

    private Task<HttpResponseMessage> PostAsync(CapturedDelivery delivery, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EndToEndFixture.WebhookPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(delivery.Headers["Content-Type"]);
        request.Headers.Add("X-Pusher-Key", delivery.Headers["X-Pusher-Key"]);
        request.Headers.Add("X-Pusher-Signature", delivery.Headers["X-Pusher-Signature"]);
        return fixture.Http.SendAsync(request);
    }
}
