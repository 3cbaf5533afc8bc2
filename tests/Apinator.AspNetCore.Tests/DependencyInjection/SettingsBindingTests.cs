using System.Globalization;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

/// <summary>AddApinator(configuration) binds without reflection; these tests keep the binder complete.</summary>
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
    [InlineData("BaseAddress", "not a url", "Apinator:BaseAddress is not an absolute URL")]
    public void A_value_that_does_not_parse_names_the_key_and_not_the_value(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Apinator:" + key] = value }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_max_age_turns_the_age_check_off()
    {
        var (_, webhooks) = Bind(new() { ["Apinator:Webhooks:MaxAge"] = "" });

        Assert.Null(webhooks.MaxAge);
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
