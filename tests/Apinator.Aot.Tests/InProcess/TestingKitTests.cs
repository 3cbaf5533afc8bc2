using System.Net;
using System.Text.Json;
using Apinator.Testing;

namespace Apinator.Aot.Tests.InProcess;

/// <summary>
/// The testing kit in a test project with reflection-based JSON off (this one): its own events,
/// member data and request bodies are written without the reflection serializer.
/// </summary>
public sealed class TestingKitTests
{
    private static ApinatorOptions Options() => new()
    {
        AppId = AppUnderTest.AppId,
        Key = AppUnderTest.Key,
        Secret = AppUnderTest.Secret,
        Cluster = "eu",
    };

    [Fact]
    public void Reflection_based_json_is_off_here()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
    }

    [Fact]
    public async Task The_webhook_client_signs_and_sends_the_kits_events()
    {
        await using var app = await InProcessApp.StartAsync("readme");
        var webhooks = new WebhookTestClient(app.Client, Options());

        var member = await webhooks.SendAsync(WebhookTestEvent.MemberAdded("presence-kit", "u-1", new Dictionary<string, string> { ["name"] = "Ada" }));
        var client = await webhooks.SendAsync(WebhookTestEvent.ClientEvent("private-kit", "client-typing", """{"on":true}""", socketId: "1.2"));
        var occupied = await webhooks.SendAsync(WebhookTestEvent.ChannelOccupied("private-kit-2"));

        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
        Assert.Equal(HttpStatusCode.OK, occupied.StatusCode);
        using var sent = JsonDocument.Parse(member.Delivery.Body);
        Assert.Equal("Ada", sent.RootElement.GetProperty("user_info").GetProperty("name").GetString());
    }
}
