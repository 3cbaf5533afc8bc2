using Apinator.Sockudo;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

public class SockudoRegistrationTests
{
    [Fact]
    public void AddApinator_registers_the_Sockudo_extensions_over_the_same_client()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.BaseAddress = new Uri("http://127.0.0.1:6001");
            o.Protocol = ApinatorProtocol.Sockudo;
        });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SockudoClient>(provider.GetRequiredService<ISockudoExtensions>());
        Assert.Same(provider.GetRequiredService<ISockudoExtensions>(), provider.GetRequiredService<ISockudoExtensions>());
    }

    [Fact]
    public async Task On_another_protocol_the_injected_extensions_refuse_before_sending()
    {
        var network = new RecordingHttpHandler();
        var services = new ServiceCollection().AddLogging();
        services.AddApinator(o =>
        {
            o.AppId = "app-id";
            o.Key = "app-key";
            o.Secret = "app-secret";
            o.Cluster = "eu";
        }).HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ApinatorUnsupportedException>(() => provider.GetRequiredService<ISockudoExtensions>().ForceReconnectUserAsync("u-1"));

        Assert.Contains("Sockudo", error.Message, StringComparison.Ordinal);
        Assert.Empty(network.Requests);
    }
}
