using System.Globalization;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

/// <summary>AddApinator(configuration) binds with generated code; these tests keep the binding complete and its messages free of values.</summary>
public class SettingsBindingTests
{
    [Fact]
    public void Every_settable_option_is_bound_from_configuration()
    {
        // Distinct non-default values for every public settable property, by type, so a property the
        // binder forgets keeps its default and fails here.
        var settings = new Dictionary<string, string?>();
        foreach (var property in typeof(ApinatorOptions).GetProperties().Where(p => p.CanWrite && p.Name != nameof(ApinatorOptions.JsonSerializerOptions)))
        {
            if (property.PropertyType == typeof(IList<string>))
            {
                settings["Apinator:" + property.Name + ":0"] = "first-of-" + property.Name;
                settings["Apinator:" + property.Name + ":1"] = "second-of-" + property.Name;
                settings["Apinator:" + property.Name] = "first-of-" + property.Name + ",second-of-" + property.Name;
                continue;
            }

            settings["Apinator:" + property.Name] = SampleValue(property.PropertyType, property.Name);
        }

        foreach (var property in typeof(ApinatorWebhookOptions).GetProperties().Where(p => p.CanWrite))
        {
            settings["Apinator:Webhooks:" + property.Name] = SampleValue(property.PropertyType, property.Name);
        }

        var (options, webhooks) = Bind(settings);

        foreach (var property in typeof(ApinatorOptions).GetProperties().Where(p => p.CanWrite && p.Name != nameof(ApinatorOptions.JsonSerializerOptions)))
        {
            Assert.True(Equals(Format(property.GetValue(options)), settings["Apinator:" + property.Name]), $"ApinatorOptions.{property.Name} was not bound.");
        }

        foreach (var property in typeof(ApinatorWebhookOptions).GetProperties().Where(p => p.CanWrite))
        {
            Assert.True(Equals(Format(property.GetValue(webhooks)), settings["Apinator:Webhooks:" + property.Name]), $"ApinatorWebhookOptions.{property.Name} was not bound.");
        }
    }

    [Theory]
    [InlineData("Timeout", "ten seconds", "Apinator:Timeout is not a time span")]
    [InlineData("MaxDataBytes", "lots", "Apinator:MaxDataBytes is not a whole number")]
    [InlineData("Protocol", "Carrier-Pigeon", "Apinator:Protocol is not one of Apinator, Pusher")]
    [InlineData("MaxRetries", "abc", "Apinator:MaxRetries is not a whole number")]
    [InlineData("HttpVersion", "HTTP/3", "Apinator:HttpVersion is not one of Http11, Http2, Http2Only")]
    [InlineData("GenerateIdempotencyKeys", "yes-please", "Apinator:GenerateIdempotencyKeys is not true or false")]
    [InlineData("AttemptTimeout", "a-while", "Apinator:AttemptTimeout is not a time span")]
    [InlineData("Webhooks:MaxBodyBytes", "big", "Apinator:Webhooks:MaxBodyBytes is not a whole number")]
    [InlineData("Webhooks:MaxAge", "old", "Apinator:Webhooks:MaxAge is not a time span")]
    public void A_value_that_does_not_parse_names_the_key_and_not_the_value(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Apinator:" + key] = value }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        // The generated binder's own exception, which repeats the value, is not passed on inside it.
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task A_value_that_does_not_parse_fails_start_up_naming_the_key_only()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new() { ["Apinator:MaxRetries"] = "pa55word-under-the-wrong-key" }));

        Assert.Equal("Apinator:MaxRetries is not a whole number.", error.Message);
        Assert.DoesNotContain("pa55word", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Apinator:BaseAddress", "not a url", "Apinator:BaseAddress must be an absolute http:// or https:// URL.")]
    [InlineData("Apinator:Protocol", "99", "Apinator:Protocol '99' is not one of")]
    [InlineData("Apinator:Webhooks:HandlerLease", "00:00:00.5", "Apinator:Webhooks:HandlerLease must be between 00:00:01 and 01:00:00")]
    [InlineData("Apinator:Webhooks:MaxBodyBytes", "0", "Apinator:Webhooks:MaxBodyBytes must be between 1 and 16777216 bytes; it is 0.")]
    [InlineData("Apinator:Webhooks:MaxAge", "-00:00:01", "Apinator:Webhooks:MaxAge must be positive and at most 1.00:00:00; it is -00:00:01.")]
    [InlineData("Apinator:Webhooks:AllowedClockSkew", "02:00:00", "Apinator:Webhooks:AllowedClockSkew must be between 0 and 01:00:00; it is 02:00:00.")]
    [InlineData("Apinator:Webhooks:DeliveryRetention", "31.00:00:00", "Apinator:Webhooks:DeliveryRetention must be positive and at most 30.00:00:00; it is 31.00:00:00.")]
    public async Task A_value_that_parses_but_is_out_of_range_fails_start_up_naming_the_setting(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public void An_empty_max_age_turns_the_age_check_off()
    {
        var (_, webhooks) = Bind(new() { ["Apinator:Webhooks:MaxAge"] = "" });

        Assert.Null(webhooks.MaxAge);
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = "app-id", ["Apinator:Key"] = "app-key", ["Apinator:Secret"] = "app-secret", ["Apinator:Cluster"] = "eu",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"));
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    private static (ApinatorOptions Options, ApinatorWebhookOptions Webhooks) Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddApinator(configuration.GetSection("Apinator"));
        using var provider = services.BuildServiceProvider();
        // The configure steps alone: validation is tested elsewhere and would refuse sample values.
        return (Configured<ApinatorOptions>(provider), Configured<ApinatorWebhookOptions>(provider));
    }

    private static T Configured<T>(IServiceProvider provider) where T : class, new()
    {
        var options = new T();
        foreach (var configure in provider.GetServices<IConfigureOptions<T>>()) configure.Configure(options);
        return options;
    }

    private static string SampleValue(Type type, string name) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "value-of-" + name,
        var t when t == typeof(int) => (1000 + name.Length).ToString(CultureInfo.InvariantCulture),
        var t when t == typeof(TimeSpan) => TimeSpan.FromSeconds(100 + name.Length).ToString("c", CultureInfo.InvariantCulture),
        var t when t == typeof(Uri) => "http://127.0.0.1:" + (7000 + name.Length) + "/",
        var t when t == typeof(ApinatorProtocol) => nameof(ApinatorProtocol.HeaderCredentials),
        var t when t == typeof(ApinatorHttpVersion) => nameof(ApinatorHttpVersion.Http2Only),
        var t when t == typeof(bool) => "True",
        var t => throw new InvalidOperationException($"No sample value for {t.Name} ({name}): teach the binder and this test about it."),
    };

    private static string? Format(object? value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        IList<string> list => string.Join(",", list),
        _ => value?.ToString(),
    };
}
