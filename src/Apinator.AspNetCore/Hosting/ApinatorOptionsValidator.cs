using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Hosting;

/// <summary>Fails start-up with a message naming each missing or malformed setting.</summary>
/// <remarks>
/// Not an <c>[OptionsValidator]</c>: most rules span settings (Cluster or BaseAddress, AttemptTimeout
/// shorter than Timeout, what each protocol needs), which DataAnnotations attributes cannot say, and
/// <see cref="ApinatorOptions.Validate"/> must also run for the standalone client, which has no
/// options pipeline. Attributes beside it would state the single-setting rules a second time.
/// </remarks>
internal sealed class ApinatorOptionsValidator : IValidateOptions<ApinatorOptions>
{
    public ValidateOptionsResult Validate(string? name, ApinatorOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
