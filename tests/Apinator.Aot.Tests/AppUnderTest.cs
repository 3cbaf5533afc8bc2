namespace Apinator.Aot.Tests;

/// <summary>The AOT test app, in process or as a native binary: where to send requests and what it logged.</summary>
public abstract class AppUnderTest : IAsyncDisposable
{
    public const string AppId = "aot-app";
    public const string Key = "aot-key";
    public const string Secret = "aot-secret";

    /// <summary>
    /// The app's settings as command-line arguments (the native binary) or configuration keys (in
    /// process); each of <paramref name="changes"/> sets a key, or removes it when its value is null.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings(string jsonMode, params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Apinator:AppId"] = AppId,
            ["Apinator:Key"] = Key,
            ["Apinator:Secret"] = Secret,
            ["Apinator:Cluster"] = "eu",
            ["AotApp:Json"] = jsonMode,
        };
        foreach (var (key, value) in changes)
        {
            if (value is null) settings.Remove(key);
            else settings[key] = value;
        }

        return settings;
    }

    /// <summary>The app's JSON settings (see AotApp.AotHost).</summary>
    public abstract string JsonMode { get; }

    public abstract HttpClient Client { get; }

    /// <summary>Completes when a log entry containing every one of <paramref name="parts"/> was written; fails after a generous bound.</summary>
    public abstract Task<string> LogContainingAsync(params string[] parts);

    /// <summary>
    /// Stops the app as its host would be stopped (SIGTERM for the binary): completes once the stop
    /// has begun, with the task of the app having stopped.
    /// </summary>
    public abstract Task<Task> BeginStopAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>Starts the AOT app with the given settings (in process or as the native binary); the caller disposes it.</summary>
public delegate Task<AppUnderTest> AppLauncher(IReadOnlyDictionary<string, string?> settings);
