namespace Apinator.Aot.Tests;

/// <summary>The AOT test app, in process or as a native binary: where to send requests and what it logged.</summary>
public abstract class AppUnderTest
{
    public const string AppId = "aot-app";
    public const string Key = "aot-key";
    public const string Secret = "aot-secret";

    /// <summary>The app's settings as command-line arguments (the native binary) or configuration keys (in process).</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string jsonMode) => new Dictionary<string, string?>
    {
        ["Apinator:AppId"] = AppId,
        ["Apinator:Key"] = Key,
        ["Apinator:Secret"] = Secret,
        ["Apinator:Cluster"] = "eu",
        ["AotApp:Json"] = jsonMode,
    };

    /// <summary>The app's JSON settings (see AotApp.AotHost).</summary>
    public abstract string JsonMode { get; }

    public abstract HttpClient Client { get; }

    /// <summary>Completes when a log entry containing every one of <paramref name="parts"/> was written; fails after a generous bound.</summary>
    public abstract Task<string> LogContainingAsync(params string[] parts);
}
