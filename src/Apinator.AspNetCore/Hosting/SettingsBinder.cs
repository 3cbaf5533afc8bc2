using System.Globalization;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Configuration;

namespace Apinator.AspNetCore.Hosting;

/// <summary>
/// Binds the settings from configuration without reflection, so trimmed and Native AOT apps can use
/// <c>AddApinator(configuration)</c> too. A value that does not parse fails with a message naming
/// the key and the expected form. (A test checks that every settable option is bound here.)
/// </summary>
internal static class SettingsBinder
{
    public static void Bind(IConfiguration section, ApinatorOptions options)
    {
        var path = PathOf(section);
        options.AppId = section["AppId"] ?? options.AppId;
        options.Key = section["Key"] ?? options.Key;
        options.Secret = section["Secret"] ?? options.Secret;
        options.Cluster = section["Cluster"] ?? options.Cluster;
        options.WebhookSecret = section["WebhookSecret"] ?? options.WebhookSecret;
        options.EncryptionMasterKeyBase64 = section["EncryptionMasterKeyBase64"] ?? options.EncryptionMasterKeyBase64;
        if (section["BaseAddress"] is { Length: > 0 } address)
        {
            options.BaseAddress = Uri.TryCreate(address, UriKind.Absolute, out var uri)
                ? uri
                : throw Invalid(path, "BaseAddress", "an absolute URL such as http://127.0.0.1:6001");
        }

        if (section["Protocol"] is { Length: > 0 } protocol)
        {
            options.Protocol = Enum.TryParse<ApinatorProtocol>(protocol, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw Invalid(path, "Protocol", "one of " + string.Join(", ", Enum.GetNames<ApinatorProtocol>()));
        }

        options.Timeout = TimeSpanOr(section, path, "Timeout", options.Timeout);
        options.MaxDataBytes = IntOr(section, path, "MaxDataBytes", options.MaxDataBytes);
        options.MaxChannelsPerTrigger = IntOr(section, path, "MaxChannelsPerTrigger", options.MaxChannelsPerTrigger);
        options.MaxBatchSize = IntOr(section, path, "MaxBatchSize", options.MaxBatchSize);
        options.MaxEventNameLength = IntOr(section, path, "MaxEventNameLength", options.MaxEventNameLength);
        options.MaxResponseBytes = IntOr(section, path, "MaxResponseBytes", options.MaxResponseBytes);
        options.MaxRetries = IntOr(section, path, "MaxRetries", options.MaxRetries);
        options.MaxRetryDelay = TimeSpanOr(section, path, "MaxRetryDelay", options.MaxRetryDelay);
        if (section["AttemptTimeout"] is { } attempt)
        {
            // An empty value means no per-try limit, as null does in code.
            options.AttemptTimeout = attempt.Length == 0 ? null : TimeSpanOr(section, path, "AttemptTimeout", TimeSpan.Zero);
        }

        options.GenerateIdempotencyKeys = BoolOr(section, path, "GenerateIdempotencyKeys", options.GenerateIdempotencyKeys);
        if (section.GetSection("PreviousWebhookSecrets").GetChildren().ToList() is { Count: > 0 } previous)
        {
            // An array in configuration: PreviousWebhookSecrets:0, :1, … in index order.
            options.PreviousWebhookSecrets = [.. previous.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? "")];
        }
    }

    public static void Bind(IConfiguration section, ApinatorWebhookOptions options)
    {
        var path = PathOf(section);
        if (section["MaxAge"] is { } maxAge)
        {
            // An empty value turns the age check off, as null does in code.
            options.MaxAge = maxAge.Length == 0 ? null : TimeSpanOr(section, path, "MaxAge", TimeSpan.Zero);
        }

        options.AllowedClockSkew = TimeSpanOr(section, path, "AllowedClockSkew", options.AllowedClockSkew);
        options.MaxBodyBytes = IntOr(section, path, "MaxBodyBytes", options.MaxBodyBytes);
        options.ProcessWhenStoreUnavailable = BoolOr(section, path, "ProcessWhenStoreUnavailable", options.ProcessWhenStoreUnavailable);
        options.DeliveryRetention = TimeSpanOr(section, path, "DeliveryRetention", options.DeliveryRetention);
        options.HandlerLease = TimeSpanOr(section, path, "HandlerLease", options.HandlerLease);
    }

    private static TimeSpan TimeSpanOr(IConfiguration section, string path, string key, TimeSpan fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid(path, key, "a time span such as 00:00:10");

    private static int IntOr(IConfiguration section, string path, string key, int fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid(path, key, "a whole number");

    private static bool BoolOr(IConfiguration section, string path, string key, bool fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw Invalid(path, key, "true or false");

    // The value itself is not repeated: it may be a secret put under the wrong key.
    private static InvalidOperationException Invalid(string path, string key, string expected) =>
        new($"{path}:{key} is not {expected}.");

    private static string PathOf(IConfiguration section) => section is IConfigurationSection s ? s.Path : "Apinator";
}
