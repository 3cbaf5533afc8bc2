using System.Text.RegularExpressions;
using MinimalApi.LocalServer;

namespace MinimalApi;

/// <summary>The signed-in user as the page sees it.</summary>
public sealed record SignedInUser(string Id, string Name);

/// <summary>The body of <c>POST /api/messages</c>.</summary>
public sealed record MessageInput(string? Text);

/// <summary>The data of a <c>message</c> event.</summary>
public sealed record ChatMessage(string User, string Text);

/// <summary>What the page needs to connect: public values only, never the secret.</summary>
public sealed record ClientConfig(string Key, string? Cluster, string? WsHost, int? WsPort, bool ForceTls, string Mode)
{
    public static ClientConfig From(IConfiguration configuration, LocalRealtimeServer? local)
    {
        if (local is not null) return new ClientConfig(local.Key, "mt1", "127.0.0.1", local.Port, false, "local");
        var section = configuration.GetSection("Apinator");
        var client = configuration.GetSection("Apinator:Client");
        return new ClientConfig(
            section["Key"] ?? "",
            section["Cluster"],
            client["WsHost"] ?? (section["Cluster"] is { Length: > 0 } cluster ? $"ws-{cluster}.apinator.io" : null),
            int.TryParse(client["WsPort"], out var port) ? port : null,
            !bool.TryParse(client["ForceTls"], out var tls) || tls,
            "cloud");
    }
}

/// <summary>The sample's input rules.</summary>
public static partial class SampleRules
{
    public const int MaxMessageLength = 500;

    /// <summary>Names become user ids and channel names (private-user-{id}), so they use the channel alphabet.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
