using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apinator.AspNetCore.Tests.Readme;

/// <summary>
/// Every <c>```csharp</c> block of the README and of every page under <c>docs/</c> compiles against the
/// libraries as built, so the documentation never shows an API that does not exist. A block's statements run inside a method where
/// <c>builder</c>, <c>app</c>, <c>apinator</c>, <c>factory</c> and <c>args</c> exist (a block may declare its own);
/// its types and usings stay at file level; a few stand-in types of the examples' own app
/// (<c>Order</c>, <c>Teams</c>, <c>Orders</c>, <c>AppDbContext</c>, …) are declared alongside.
/// </summary>
public sealed partial class ReadmeExamplesCompileTests
{
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Security.Claims;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using Apinator;
        global using Apinator.Channels;
        global using Apinator.Rest;
        global using Apinator.Webhooks;
        global using Apinator.AspNetCore;
        global using Apinator.AspNetCore.Channels;
        global using Apinator.AspNetCore.Webhooks;
        global using Microsoft.AspNetCore.Mvc.Testing;
        global using Microsoft.AspNetCore.TestHost;
        global using NSubstitute;
        global using System.Net;
        global using Apinator.Testing;
        global using Xunit;

        public sealed record Order(string Id);
        public sealed record ChatMessage(string Text);
        public sealed record PresenceRow(string Channel, string UserId);
        public sealed class Teams { public Task<bool> IsMemberAsync(string userId, string team, CancellationToken cancellationToken) => Task.FromResult(true); }
        public sealed class Orders { public Task<bool> IsOwnerAsync(string userId, string orderId, CancellationToken cancellationToken) => Task.FromResult(true); }
        public sealed class PresenceTable { public ValueTask<PresenceRow> AddAsync(PresenceRow row, CancellationToken cancellationToken) => ValueTask.FromResult(row); }
        public sealed class AppDbContext { public PresenceTable Presence { get; } = new(); }
        public partial class Program;
        public sealed class AppJson { public static AppJson Default { get; } = new(); public System.Text.Json.JsonSerializerOptions Options { get; } = new(); }
        """;

    // The README had 18 blocks before its reference sections moved to docs/; fewer means one was lost.
    private const int BlocksBeforeTheMove = 18;

    public static TheoryData<string, int, string> Blocks()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var page in Pages())
        {
            var blocks = CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), page)));
            for (var i = 0; i < blocks.Count; i++) data.Add(page, i + 1, FirstLine(blocks[i]));
        }

        return data;
    }

    [Fact]
    public void The_readme_has_csharp_examples() => Assert.True(CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"))).Count >= 2);

    [Fact]
    public void The_pages_keep_every_example_the_readme_had()
    {
        var total = Pages().Sum(page => CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), page))).Count);

        Assert.True(total >= BlocksBeforeTheMove, $"README.md and docs/*.md hold {total} C# blocks; they held at least {BlocksBeforeTheMove}.");
    }

    [Fact]
    public void The_docs_pages_are_found() => Assert.Contains("docs/laravel.md", Pages());

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_readme_example_compiles(string page, int number, string firstLine)
    {
        var block = CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), page)))[number - 1];

        var errors = Compile(block);

        Assert.True(errors.Count == 0, $"{page} C# block {number} ('{firstLine}') does not compile:\n{string.Join("\n", errors)}\n--- block ---\n{block}");
    }

    /// <summary>Every relative link of every page points to a file that exists, so the table of contents cannot rot.</summary>
    [Fact]
    public void Every_relative_link_points_to_an_existing_file()
    {
        var broken = new List<string>();
        foreach (var page in Pages())
        {
            var markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), page));
            var folder = Path.GetDirectoryName(Path.Combine(RepositoryRoot(), page))!;
            foreach (Match link in RelativeLink().Matches(markdown))
            {
                var target = link.Groups[1].Value;
                if (!File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target))) broken.Add($"{page}: {target}");
            }
        }

        Assert.True(broken.Count == 0, "Links to missing files:\n" + string.Join("\n", broken));
    }

    /// <summary>README.md and every page under docs/, as paths relative to the repository root with '/' separators.</summary>
    private static List<string> Pages() =>
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal),
    ];

    private static List<string> Compile(string block)
    {
        var parsed = CSharpSyntaxTree.ParseText(block, new CSharpParseOptions(LanguageVersion.Latest));
        var root = (CompilationUnitSyntax)parsed.GetRoot();
        var source = new StringBuilder();
        foreach (var use in root.Usings) source.AppendLine(use.ToFullString().Trim());
        source.AppendLine("public static class ReadmeSnippet");
        source.AppendLine("{");
        source.AppendLine("    private static WebApplicationBuilder builder = null!;");
        source.AppendLine("    private static WebApplication app = null!;");
        // A FakeApinator is an IApinator too: the testing examples use its assertions.
        source.AppendLine("    private static FakeApinator apinator = null!;");
        source.AppendLine("    private static WebApplicationFactory<Program> factory = null!;");
        source.AppendLine("    private static string[] args = [];");
        source.AppendLine("    public static async Task RunAsync()");
        source.AppendLine("    {");
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>()) source.AppendLine(statement.ToFullString());
        source.AppendLine("        await Task.CompletedTask;");
        source.AppendLine("    }");
        source.AppendLine("}");
        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax)) source.AppendLine(member.ToFullString());

        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            [CSharpSyntaxTree.ParseText(Prelude), CSharpSyntaxTree.ParseText(source.ToString(), new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        // The runtime and ASP.NET Core assemblies the tests run on, plus every Apinator library built
        // beside them (not the sample app: the examples declare their own Program).
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var libraries = Directory.GetFiles(AppContext.BaseDirectory, "Apinator.*.dll").Where(f => !Path.GetFileName(f).Contains("Tests", StringComparison.Ordinal));
        return [.. platform.Concat(libraries).Where(f => !Path.GetFileName(f).StartsWith("MinimalApi", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Select(f => MetadataReference.CreateFromFile(f))];
    });

    private static List<string> CSharpBlocks(string markdown) =>
        [.. CSharpBlock().Matches(markdown).Select(m => m.Groups[1].Value)];

    private static string FirstLine(string block) => block.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "README.md")) && File.Exists(Path.Combine(directory.FullName, "Apinator.AspNetCore.sln"))) return directory.FullName;
        }

        throw new FileNotFoundException("README.md next to Apinator.AspNetCore.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```csharp\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    // A markdown link or image whose target is a relative path (not a URL, not an anchor on the same page); an anchor after the path is dropped.
    [GeneratedRegex(@"\]\((?!https?:|mailto:|#)([^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
