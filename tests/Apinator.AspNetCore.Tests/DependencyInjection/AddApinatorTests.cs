using Apinator.AspNetCore;
using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Webhooks;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

public sealed class AddApinatorTests
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["Apinator:AppId"] = "app-id",
        ["Apinator:Key"] = "app-key",
        ["Apinator:Secret"] = "app-secret",
        ["Apinator:Cluster"] = "eu",
    };

    private static HostApplicationBuilder HostWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        return builder;
    }

    [Fact]
    public async Task Missing_key_fails_host_start_naming_the_setting()
    {
        var settings = new Dictionary<string, string?>(ValidSettings);
        settings.Remove("Apinator:Key");
        var builder = HostWith(settings);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(typeof(ApinatorOptions), error.OptionsType);
        Assert.Contains("Apinator:Key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Apinator:AppId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_missing_setting_is_named_and_the_secret_is_never_shown()
    {
        var builder = HostWith(new() { ["Apinator:Secret"] = "", ["Apinator:WebhookSecret"] = "hush-hush", ["Apinator:Cluster"] = "" });
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        foreach (var setting in new[] { "Apinator:AppId", "Apinator:Key", "Apinator:Secret", "Apinator:Cluster" })
        {
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("hush-hush", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_configured_options_are_validated_at_start_too()
    {
        var builder = HostWith([]);
        builder.Services.AddApinator(o => { o.AppId = "app-id"; o.Key = "app-key"; o.Cluster = "eu"; });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Apinator:Secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_section_is_bound_including_webhook_settings()
    {
        var settings = new Dictionary<string, string?>(ValidSettings)
        {
            ["Apinator:Protocol"] = "Pusher",
            ["Apinator:BaseAddress"] = "http://127.0.0.1:6001",
            ["Apinator:Timeout"] = "00:00:03",
            ["Apinator:MaxDataBytes"] = "20000",
            ["Apinator:Webhooks:MaxBodyBytes"] = "1024",
            ["Apinator:Webhooks:MaxAge"] = "00:01:00",
        };
        var builder = HostWith(settings);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<ApinatorOptions>>().Value;
        var webhooks = host.Services.GetRequiredService<IOptions<ApinatorWebhookOptions>>().Value;
        Assert.Equal(("app-id", "app-key", "app-secret"), (options.AppId, options.Key, options.Secret));
        Assert.Equal(ApinatorProtocol.Pusher, options.Protocol);
        Assert.Equal(new Uri("http://127.0.0.1:6001"), options.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(20000, options.MaxDataBytes);
        Assert.Equal(1024, webhooks.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(1), webhooks.MaxAge);
        await host.StopAsync();
    }

    [Fact]
    public async Task Code_configured_options_sign_channel_authorizations()
    {
        var builder = HostWith([]);
        builder.Services.AddApinator(o =>
        {
            o.AppId = TestApp.AppId;
            o.Key = TestApp.Key;
            o.Secret = TestApp.Secret;
            o.Cluster = "mt1";
        });
        using var host = builder.Build();
        await host.StartAsync();

        var apinator = host.Services.GetRequiredService<IApinator>();

        Assert.Equal(ExpectedAuth.Channel("1.2", "private-x"), apinator.AuthorizeChannel("1.2", "private-x").Auth);
        await host.StopAsync();
    }

    [Fact]
    public async Task IApinator_is_one_singleton_across_scopes()
    {
        var builder = HostWith(ValidSettings);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();
        await host.StartAsync();

        using var first = host.Services.CreateScope();
        using var second = host.Services.CreateScope();
        var a = first.ServiceProvider.GetRequiredService<IApinator>();
        var b = second.ServiceProvider.GetRequiredService<IApinator>();

        Assert.Same(a, b);
        Assert.Same(a, host.Services.GetRequiredService<IApinator>());
        Assert.IsType<ApinatorClient>(a);
        Assert.Equal(ServiceLifetime.Singleton, builder.Services.Single(d => d.ServiceType == typeof(IApinator)).Lifetime);
        await host.StopAsync();
    }

    [Fact]
    public void Calling_AddApinator_twice_keeps_one_client_and_all_rules_in_order()
    {
        var builder = HostWith(ValidSettings);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator")).AuthorizeChannel("private-a", _ => true);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator")).AuthorizeChannel("private-b", _ => true);

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IApinator));
        using var host = builder.Build();
        var rules = host.Services.GetRequiredService<IOptions<ApinatorAuthorizationOptions>>().Value.ChannelRules;
        Assert.Equal(["private-a", "private-b"], rules.Select(r => r.Pattern));
    }

    [Fact]
    public async Task IApinator_sends_through_the_named_http_client()
    {
        var network = new RecordingHttpHandler();
        var builder = HostWith(ValidSettings);
        var apinator = builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        Assert.Equal("Apinator", apinator.HttpClient.Name);
        Assert.Equal(ApinatorServiceCollectionExtensions.HttpClientName, apinator.HttpClient.Name);
        apinator.HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
        using var host = builder.Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IApinator>().TriggerAsync("private-a", "greeting", new { text = "hi" });

        var (request, body) = Assert.Single(network.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://ws-eu.apinator.io/apps/app-id/events"), request.RequestUri);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("greeting", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("""{"text":"hi"}""", json.RootElement.GetProperty("data").GetString());
        await host.StopAsync();
    }

    [Fact]
    public async Task IApinator_can_be_injected_into_a_minimal_api_handler_and_a_controller()
    {
        var network = new RecordingHttpHandler();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(ValidSettings);
        builder.Services.AddControllers().AddApplicationPart(typeof(NotificationsController).Assembly);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"))
            .HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
        await using var app = builder.Build();
        app.MapPost("/minimal/notify", async (IApinator apinator, CancellationToken cancellationToken) =>
        {
            await apinator.TriggerAsync("private-minimal", "notice", new { from = "minimal" }, cancellationToken: cancellationToken);
            return TypedResults.Accepted((string?)null);
        });
        app.MapControllers();
        await app.StartAsync();
        using var client = app.GetTestClient();

        var minimal = await client.PostAsync(new Uri("/minimal/notify", UriKind.Relative), null);
        var controller = await client.PostAsync(new Uri("/controller/notify", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, minimal.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, controller.StatusCode);
        Assert.Equal(
            ["private-minimal", "private-controller"],
            network.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("channel").GetString()));
        await app.StopAsync();
    }

    [Fact]
    public void Builder_refuses_patterns_of_the_wrong_kind()
    {
        var apinator = new ServiceCollection().AddApinator(o => { });

        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("presence-chat", _ => true));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("chat", _ => true));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizePresenceChannel("private-chat", _ => new PresenceMember("a")));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("private-{id", _ => true));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("private-{a-b}", _ => true));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel("private-{id}-{ID}", _ => true));
        Assert.Throws<ArgumentException>(() => apinator.AuthorizeChannel(" ", _ => true));
        Assert.Throws<ArgumentNullException>(() => apinator.AuthorizeChannel("private-x", (Func<Apinator.AspNetCore.Channels.ChannelAuthorizationContext, bool>)null!));
        Assert.Throws<ArgumentNullException>(() => apinator.WithUserData(null!));
        Assert.Throws<ArgumentNullException>(() => apinator.ConfigureWebhooks(null!));
    }
}
