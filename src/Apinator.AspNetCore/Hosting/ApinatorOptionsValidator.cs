using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore.Hosting;

/// <summary>Fails start-up with a message naming each missing or malformed setting.</summary>
internal sealed class ApinatorOptionsValidator : IValidateOptions<ApinatorOptions>
{
    public ValidateOptionsResult Validate(string? name, ApinatorOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
