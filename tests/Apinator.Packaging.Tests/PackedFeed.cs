using System.Globalization;

namespace Apinator.Packaging.Tests;

/// <summary>
/// Packs every project under <c>src/</c> once into a local feed in a fresh temporary folder, under a
/// version nothing has seen before, and removes the folder and that version's copies afterwards.
/// </summary>
/// <remarks>
/// Each project is packed with <c>--artifacts-path</c> in the temporary folder, so this build touches none of
/// the repository's <c>bin/</c> and <c>obj/</c>: the solution build that <c>test.sh</c> ran first, the other test
/// assemblies' copies of the libraries and a developer's IDE all keep their outputs, and nothing built here
/// is stamped with a test version. That costs one Release compile of the libraries, which packing under a new
/// version would cost anyway (the version is compiled into the assemblies). Build servers are disabled so
/// no compiler or MSBuild node outlives the test.
/// </remarks>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    public PackedFeed()
    {
        // A prerelease label unique to this run: NuGet's caches can never hand back an older build of it.
        VersionSuffix = "test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        WorkDirectory = Path.Combine(Path.GetTempPath(), "apinator-packaging-" + Guid.NewGuid().ToString("N"));
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        PackageIds = RepositoryPaths.LibraryProjects().Select(p => Path.GetFileNameWithoutExtension(p)).ToList();
    }

    public string VersionSuffix { get; }

    /// <summary>Outside the repository, so nothing in it inherits the repository's Directory.*.props.</summary>
    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    /// <summary>The packages the feed must hold: one per project under <c>src/</c>.</summary>
    public IReadOnlyList<string> PackageIds { get; }

    /// <summary>The full version of every package, e.g. <c>0.1.0-test20250101120000000</c>.</summary>
    public string Version { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        var artifacts = Path.Combine(WorkDirectory, "artifacts");
        foreach (var project in RepositoryPaths.LibraryProjects())
        {
            await DotnetCommand.RunAsync(RepositoryPaths.Root, CommandTimeout,
                "pack", project, "-c", "Release", "-o", FeedDirectory, "--artifacts-path", artifacts,
                "-p:VersionSuffix=" + VersionSuffix, "--disable-build-servers", "-nodeReuse:false");
        }

        // The version prefix lives in the repository's props; read it back rather than repeat it here.
        var first = PackageIds[0];
        var package = Directory.GetFiles(FeedDirectory, first + ".*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(package)[(first.Length + 1)..];
    }

    public async Task DisposeAsync()
    {
        try
        {
            // The consuming app's restore extracted this one-off version into the global packages folder.
            var locals = await DotnetCommand.RunAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
            var globalPackages = locals.Split(':', 2)[1].Trim();
            foreach (var id in PackageIds)
            {
                var packageFolder = Path.Combine(globalPackages, id.ToLowerInvariant());
                var extracted = Path.Combine(packageFolder, Version.ToLowerInvariant());
                if (Version.Length > 0 && Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
                if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any()) Directory.Delete(packageFolder);
            }
        }
        finally
        {
            if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true);
        }
    }
}
