using Microsoft.Extensions.Configuration;
using MinimalApi;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>Which browser dialect the page is told to speak, and where its socket goes.</summary>
public sealed class SampleClientConfigTests
{
    private static ClientConfig From(params (string Key, string? Value)[] settings) =>
        ClientConfig.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build(), local: null);

    [Fact]
    public void Apinator_is_the_default_protocol_so_the_page_speaks_its_dialect_to_the_cluster()
    {
        var config = From(("Apinator:Key", "k"), ("Apinator:Cluster", "eu"));

        Assert.Equal("apinator", config.Dialect);
        Assert.Equal("wss://ws-eu.apinator.io", config.WebSocketUrl);
    }

    [Fact]
    public void A_base_address_is_the_socket_host_too()
    {
        var config = From(("Apinator:Key", "k"), ("Apinator:Cluster", "eu"), ("Apinator:Protocol", "apinator"), ("Apinator:BaseAddress", "http://127.0.0.1:6123"));

        Assert.Equal("apinator", config.Dialect);
        Assert.Equal("ws://127.0.0.1:6123", config.WebSocketUrl);
    }

    [Fact]
    public void The_socket_url_setting_overrides_both()
    {
        var config = From(("Apinator:Key", "k"), ("Apinator:BaseAddress", "https://realtime.example"), ("Apinator:Client:WebSocketUrl", "wss://sockets.example/"));

        Assert.Equal("wss://sockets.example", config.WebSocketUrl);
        Assert.Equal("wss://realtime.example", From(("Apinator:Key", "k"), ("Apinator:BaseAddress", "https://realtime.example")).WebSocketUrl);
    }

    [Theory]
    [InlineData("Pusher")]
    [InlineData("HeaderCredentials")]
    public void Pusher_family_protocols_get_pusher_js(string protocol)
    {
        var config = From(("Apinator:Key", "k"), ("Apinator:Cluster", "eu"), ("Apinator:Protocol", protocol));

        Assert.Equal("pusher", config.Dialect);
        Assert.Null(config.WebSocketUrl);
    }

    [Fact]
    public void Without_any_address_the_page_is_told_so()
    {
        var config = From(("Apinator:Key", "k"));

        Assert.Equal("apinator", config.Dialect);
        Assert.Null(config.WebSocketUrl);
    }
}
