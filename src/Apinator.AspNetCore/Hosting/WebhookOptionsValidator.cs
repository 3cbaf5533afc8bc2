using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Hosting;

/// <summary>Fails start-up when a webhook setting is out of range, naming the setting.</summary>
/// <remarks>
/// Not an <c>[OptionsValidator]</c> with <c>[Range]</c> attributes: the generator's trim-safe copy of
/// <c>RangeAttribute</c> ignores <c>ErrorMessage</c> (dotnet/runtime#123137), so its message reads
/// "MaxAge: The field ApinatorWebhookOptions.MaxAge must be between 00:00:00.0000001 and 1.00:00:00."
/// — a type name where the configuration key should be. Revisit when that is fixed.
/// </remarks>
internal sealed class WebhookOptionsValidator : IValidateOptions<ApinatorWebhookOptions>
{
    /// <summary>A delivery is a few events; a limit above this is a mistake, not a plan.</summary>
    internal const int MaxBodyBytesLimit = 16 * 1024 * 1024;

    private static readonly TimeSpan MaxAgeLimit = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxSkewLimit = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxRetentionLimit = TimeSpan.FromDays(30);
    private static readonly TimeSpan MinLeaseLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxLeaseLimit = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, ApinatorWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodyBytes is <= 0 or > MaxBodyBytesLimit)
        {
            errors.Add($"Apinator:Webhooks:MaxBodyBytes must be between 1 and {MaxBodyBytesLimit} bytes; it is {options.MaxBodyBytes}.");
        }

        if (options.MaxAge is { } age && (age <= TimeSpan.Zero || age > MaxAgeLimit))
        {
            errors.Add($"Apinator:Webhooks:MaxAge must be positive and at most {MaxAgeLimit}; it is {age}. Leave it unset only to accept any age (not recommended).");
        }

        if (options.AllowedClockSkew < TimeSpan.Zero || options.AllowedClockSkew > MaxSkewLimit)
        {
            errors.Add($"Apinator:Webhooks:AllowedClockSkew must be between 0 and {MaxSkewLimit}; it is {options.AllowedClockSkew}.");
        }

        if (options.DeliveryRetention <= TimeSpan.Zero || options.DeliveryRetention > MaxRetentionLimit)
        {
            errors.Add($"Apinator:Webhooks:DeliveryRetention must be positive and at most {MaxRetentionLimit}; it is {options.DeliveryRetention}.");
        }

        if (options.HandlerLease < MinLeaseLimit || options.HandlerLease > MaxLeaseLimit)
        {
            errors.Add($"Apinator:Webhooks:HandlerLease must be between {MinLeaseLimit} and {MaxLeaseLimit} (it is renewed while a delivery is handled); it is {options.HandlerLease}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
