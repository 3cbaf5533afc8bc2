using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Webhooks;
using Apinator.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.Hardening;

/// <summary>
/// Issue 11: settings are checked when the app starts, not at the first request: webhook limits out
/// of range, credentials in the base address, and the endpoints mapped without <c>AddApinator</c>.
/// </summary>
public sealed class StartupValidationHardeningTests
{
    public static TheoryData<string, Action<ApinatorWebhookOptions>> InvalidWebhookOptions => new()
    {
        { "Apinator:Webhooks:MaxBodyBytes", w => w.MaxBodyBytes = 0 },
        { "Apinator:Webhooks:MaxBodyBytes", w => w.MaxBodyBytes = -1 },
        { "Apinator:Webhooks:MaxBodyBytes", w => w.MaxBodyBytes = 17 * 1024 * 1024 },
        { "Apinator:Webhooks:MaxAge", w => w.MaxAge = TimeSpan.Zero },
        { "Apinator:Webhooks:MaxAge", w => w.MaxAge = TimeSpan.FromSeconds(-1) },
        { "Apinator:Webhooks:MaxAge", w => w.MaxAge = TimeSpan.FromDays(2) },
        { "Apinator:Webhooks:AllowedClockSkew", w => w.AllowedClockSkew = TimeSpan.FromSeconds(-1) },
        { "Apinator:Webhooks:AllowedClockSkew", w => w.AllowedClockSkew = TimeSpan.FromHours(2) },
    };

    [Theory]
    [MemberData(nameof(InvalidWebhookOptions))]
    public async Task An_out_of_range_webhook_setting_fails_start_up_naming_it(string setting, Action<ApinatorWebhookOptions> configure)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(apinator: a => a.ConfigureWebhooks(configure)));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxBodyBytes", "0", "Apinator:Webhooks:MaxBodyBytes")]
    [InlineData("MaxAge", "2.00:00:00", "Apinator:Webhooks:MaxAge")]
    [InlineData("AllowedClockSkew", "-00:00:01", "Apinator:Webhooks:AllowedClockSkew")]
    public async Task An_out_of_range_webhook_setting_from_configuration_fails_start_up_naming_it(string key, string value, string setting)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = "app-id",
            ["Apinator:Key"] = "app-key",
            ["Apinator:Secret"] = "app-secret",
            ["Apinator:Cluster"] = "eu",
            [$"Apinator:Webhooks:{key}"] = value,
        }).Build();
        builder.Services.AddApinator(configuration.GetSection("Apinator"));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_settings_at_their_limits_start()
    {
        await using var app = await TestApp.StartAsync(apinator: a => a.ConfigureWebhooks(w =>
        {
            w.MaxBodyBytes = 16 * 1024 * 1024;
            w.MaxAge = TimeSpan.FromDays(1);
            w.AllowedClockSkew = TimeSpan.FromHours(1);
        }));
        await using var unlimitedAge = await TestApp.StartAsync(apinator: a => a.ConfigureWebhooks(w =>
        {
            w.MaxBodyBytes = 1;
            w.MaxAge = null;
            w.AllowedClockSkew = TimeSpan.Zero;
        }));
    }

    [Theory]
    [InlineData("http://app-key:Url-Pa55word-Otter@127.0.0.1:6001")]
    [InlineData("https://app-key:Url-Pa55word-Otter@realtime.example.com")]
    public async Task Credentials_in_the_base_address_fail_start_up_naming_FromUrl(string address)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(options: o => o.BaseAddress = new Uri(address)));

        Assert.Contains("Apinator:BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("FromUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Url-Pa55word-Otter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestApp.Secret, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<WebApplication>> MapMethods => new()
    {
        { nameof(ApinatorEndpointRouteBuilderExtensions.MapApinatorChannelAuth), app => app.MapApinatorChannelAuth() },
        { nameof(ApinatorEndpointRouteBuilderExtensions.MapApinatorUserAuth), app => app.MapApinatorUserAuth() },
        { nameof(ApinatorEndpointRouteBuilderExtensions.MapApinatorWebhooks), app => app.MapApinatorWebhooks<RecordingWebhookHandler>() },
    };

    [Theory]
    [MemberData(nameof(MapMethods))]
    public async Task Mapping_an_endpoint_without_AddApinator_says_to_call_it(string method, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => map(app));

        Assert.Contains(method, error.Message, StringComparison.Ordinal);
        Assert.Contains("AddApinator", error.Message, StringComparison.Ordinal);
    }
}
