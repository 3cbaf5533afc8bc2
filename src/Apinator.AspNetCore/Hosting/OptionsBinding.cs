using System.Text.RegularExpressions;
using Apinator.AspNetCore.Webhooks;
using Microsoft.Extensions.Configuration;

namespace Apinator.AspNetCore.Hosting;

/// <summary>
/// Binds the settings with the configuration-binding source generator (no reflection: trimmed and
/// Native AOT apps can use <c>AddApinator(configuration)</c> too), with two rules of our own on top.
/// </summary>
internal static partial class OptionsBinding
{
    public static void Bind(IConfiguration section, ApinatorOptions options)
    {
        var settings = new ApinatorSettings(options);
        Guarded(section, () => section.Bind(settings));

        // The generator keeps the default for an empty value; here an empty value means "no
        // per-try limit", as null does in code.
        if (section["AttemptTimeout"] is "") options.AttemptTimeout = null;
    }

    public static void Bind(IConfiguration section, ApinatorWebhookOptions options)
    {
        Guarded(section, () => section.Bind(options));

        // As above: an empty MaxAge turns the age check off, as null does in code.
        if (section["MaxAge"] is "") options.MaxAge = null;
    }

    /// <summary>
    /// The generated binder's message for a value that does not parse repeats the value ("Failed
    /// to convert configuration value '…' at 'Apinator:MaxRetries' …"), and so does its inner
    /// exception. The value may be a secret put under the wrong key, and a failed start-up is
    /// logged with the whole exception: so it is thrown again with the key and the expected form
    /// only, and without the inner exception.
    /// </summary>
    private static void Guarded(IConfiguration section, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException e)
        {
            var match = FailedConversion().Match(e.Message);
            throw new InvalidOperationException(match.Success
                ? $"{match.Groups["path"].Value} is not {Expected(match.Groups["type"].Value)}."
                : $"A setting under {(section is IConfigurationSection s ? s.Path : "Apinator")} is not of the expected form (the value is not shown: it may be a secret).");
        }
    }

    private static string Expected(string type) => type switch
    {
        "System.Int32" => "a whole number",
        "System.TimeSpan" => "a time span such as 00:00:10",
        "System.Boolean" => "true or false",
        "Apinator.ApinatorProtocol" => "one of " + string.Join(", ", Enum.GetNames<ApinatorProtocol>()),
        "Apinator.ApinatorHttpVersion" => "one of " + string.Join(", ", Enum.GetNames<ApinatorHttpVersion>()),
        _ => "a valid " + type,
    };

    [GeneratedRegex("at '(?<path>[^']*)' to type '(?<type>[^']*)'\\.$", RegexOptions.CultureInvariant)]
    private static partial Regex FailedConversion();
}
