namespace Apinator.Packaging.Tests;

/// <summary>Where the repository and its library projects are, found from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every project under <c>src/</c>: by the repository's rule, exactly the projects that ship as packages.</summary>
    public static IReadOnlyList<string> LibraryProjects() =>
        Directory.GetDirectories(Path.Combine(Root, "src"))
            .SelectMany(dir => Directory.GetFiles(dir, "*.csproj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Apinator.AspNetCore.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Could not find the repository root (Apinator.AspNetCore.sln) above the test binaries.");
    }
}
