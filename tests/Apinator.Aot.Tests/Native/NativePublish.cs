using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Apinator.Packaging.Tests;

namespace Apinator.Aot.Tests.Native;

/// <summary>
/// Publishes tests/aot/AotApp with Native AOT, once per change of its inputs: the binary is kept
/// under the app's <c>bin/native/{hash of the sources}</c>, so a second run of the tests on the
/// same sources starts it at once. The publish builds under its own <c>--artifacts-path</c>, so the
/// solution's <c>bin/</c> and <c>obj/</c> are left alone.
/// </summary>
internal static class NativePublish
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private static string AppDirectory => Path.Combine(RepositoryPaths.Root, "tests", "aot", "AotApp");

    /// <summary>The binary, and how long publishing it took (zero when it was already there).</summary>
    public static async Task<(string Binary, TimeSpan Took)> EnsureAsync()
    {
        const string Clang = "/usr/bin/clang";
        if (!File.Exists(Clang))
        {
            throw new InvalidOperationException(
                $"Native AOT on Linux links with clang, and {Clang} is missing: run `bash tests/aot/install-native-toolchain.sh` (./test.sh does) to install Debian's clang and zlib1g-dev.");
        }

        var hash = InputHash();
        var cache = Path.Combine(AppDirectory, "bin", "native");
        var binary = Path.Combine(cache, hash, "AotApp");
        if (File.Exists(binary)) return (binary, TimeSpan.Zero);

        var work = Path.Combine(Path.GetTempPath(), "apinator-aot-" + Guid.NewGuid().ToString("N"));
        var started = Stopwatch.GetTimestamp();
        try
        {
            await DotnetCommand.RunAsync(RepositoryPaths.Root, PublishTimeout,
                "publish", Path.Combine(AppDirectory, "AotApp.csproj"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                "--artifacts-path", Path.Combine(work, "artifacts"), "-o", Path.Combine(work, "out"),
                "--disable-build-servers", "-nodeReuse:false");

            // Binaries of older sources are of no further use; the debug symbols are twice the binary's size.
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
            var output = Path.Combine(work, "out");
            foreach (var symbols in Directory.GetFiles(output, "*.dbg")) File.Delete(symbols);
            Directory.CreateDirectory(cache);
            Directory.Move(output, Path.GetDirectoryName(binary)!);
            return (binary, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Everything the binary is compiled from: the libraries' and the app's sources, the build settings, and the runtime.</summary>
    private static string InputHash()
    {
        var root = RepositoryPaths.Root;
        string[] folders = [Path.Combine(root, "src", "Apinator.Core"), Path.Combine(root, "src", "Apinator.AspNetCore"), Path.Combine(root, "src", "Apinator.AspNetCore.Redis"), AppDirectory];
        string[] files = ["global.json", "Directory.Build.props", "Directory.Packages.props", Path.Combine("src", "Directory.Build.props")];
        var inputs = folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)))
            .Concat(files.Select(file => Path.Combine(root, file)))
            .Order(StringComparer.Ordinal);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(RuntimeInformation.FrameworkDescription + RuntimeInformation.RuntimeIdentifier));
        foreach (var path in inputs)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, path)));
            sha.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
