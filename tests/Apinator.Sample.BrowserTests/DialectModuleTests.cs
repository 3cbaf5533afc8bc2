using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The Node unit tests of the page's dialect module and of the Apinator stand-in, run as part of
/// <c>dotnet test</c> because CI runs nothing else.
/// </summary>
public sealed partial class DialectModuleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("realtime-dialect.test.mjs", 25)]
    [InlineData("apinator-standin.test.mjs", 11)]
    public async Task Node_tests_pass(string file, int atLeast)
    {
        var (exitCode, _, stdout, stderr) = await NodeScript.RunNodeAsync(["--test", "--test-reporter=tap", file], TimeSpan.FromMinutes(2));
        output.WriteLine(stdout);
        if (stderr.Length > 0) output.WriteLine(stderr);

        var pass = Count(PassLine(), stdout);
        var fail = Count(FailLine(), stdout);
        Assert.True(fail == 0 && exitCode == 0, $"{file}: {fail} failed (exit {exitCode}):\n{stdout}\n{stderr}");
        Assert.True(pass >= atLeast, $"{file}: expected at least {atLeast} passing tests, the TAP summary says {pass}:\n{stdout}");
    }

    private static int Count(Regex line, string tap) =>
        line.Match(tap) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;

    [GeneratedRegex(@"^# pass (\d+)$", RegexOptions.Multiline)]
    private static partial Regex PassLine();

    [GeneratedRegex(@"^# fail (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FailLine();
}
