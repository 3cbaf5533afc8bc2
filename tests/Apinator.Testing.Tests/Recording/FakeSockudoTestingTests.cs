using Apinator.Sockudo;
using Apinator.Testing.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.Testing.Tests.Recording;

/// <summary>Sockudo's extensions after <c>AddFakeApinator</c>: they resolve, over the fake's own in-memory service.</summary>
public sealed class FakeSockudoTestingTests
{
    [Fact]
    public async Task ISockudoExtensions_resolves_after_AddFakeApinator_and_never_reaches_the_real_server()
    {
        FakeApinator? fake = null;
        await using var app = await TinyApp.StartAsync(
            options: o =>
            {
                o.Protocol = ApinatorProtocol.Sockudo;
                // Nothing listens here: a call that left the process would fail as a network error, not a 404.
                o.BaseAddress = new Uri("http://127.0.0.1:9");
            },
            services: s => fake = s.AddFakeApinator());

        var extensions = app.Services.GetRequiredService<ISockudoExtensions>();
        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => extensions.GetHistoryAsync("private-chat:room1"));
        await app.Services.GetRequiredService<IApinator>().TriggerAsync("private-chat:room1", "message", "hi");

        Assert.Same(fake!.Sockudo, extensions);
        Assert.IsNotType<ApinatorNetworkException>(error);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("hi", fake.AssertTriggered("private-chat:room1", "message").Data);
    }

    [Fact]
    public async Task A_fake_of_another_service_refuses_sockudo_calls_before_sending()
    {
        using var fake = new FakeApinator();

        var error = await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => fake.Sockudo.GetHistoryAsync("chat"));

        Assert.Equal(ApinatorProtocol.Pusher, error.Configured);
        Assert.Equal(ApinatorProtocol.Sockudo, error.OfferedBy);
        fake.AssertNothingTriggered();
    }
}
