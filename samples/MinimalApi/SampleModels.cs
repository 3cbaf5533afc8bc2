using System.Text.RegularExpressions;
using Apinator;
using MinimalApi.LocalServer;

namespace MinimalApi;

/// <summary>The signed-in user as the page sees it.</summary>
public sealed record SignedInUser(string Id, string Name);

/// <summary>The body of <c>POST /api/messages</c>.</summary>
public sealed record MessageInput(string? Text);

/// <summary>The data of a <c>message</c> event.</summary>
public sealed record ChatMessage(string User, string Text);

/// <summary>What the page needs to connect: public values only, never the secret.</summary>
/// <param name="Dialect">
/// <c>pusher</c> (pusher-js: the local Soketi, or <c>Protocol</c> Pusher/HeaderCredentials) or
/// <c>apinator</c> (the page's own realtime-dialect.js: <c>Protocol</c> Apinator, the default).
/// </param>
/// <param name="WebSocketUrl">The Apinator dialect's socket base, e.g. <c>wss://ws-eu.apinator.io</c>; null in the Pusher dialect.</param>
public sealed record ClientConfig(string Key, string? Cluster, string? WsHost, int? WsPort, bool ForceTls, string Mode, string Dialect, string? WebSocketUrl)
{
    public static ClientConfig From(IConfiguration configuration, LocalRealtimeServer? local)
    {
        if (local is not null) return new ClientConfig(local.Key, "mt1", "127.0.0.1", local.Port, false, "local", "pusher", null);
        var section = configuration.GetSection("Apinator");
        var client = configuration.GetSection("Apinator:Client");
        var cluster = section["Cluster"] is { Length: > 0 } c ? c : null;
        var apinator = !Enum.TryParse<ApinatorProtocol>(section["Protocol"], ignoreCase: true, out var protocol) || protocol == ApinatorProtocol.Apinator;
        return new ClientConfig(
            section["Key"] ?? "",
            cluster,
            client["WsHost"] ?? (cluster is not null ? $"ws-{cluster}.apinator.io" : null),
            int.TryParse(client["WsPort"], out var port) ? port : null,
            !bool.TryParse(client["ForceTls"], out var tls) || tls,
            "cloud",
            apinator ? "apinator" : "pusher",
            apinator ? ApinatorWebSocketUrl(section, client, cluster) : null);
    }

    // Apinator serves REST and WebSocket on one host, so a BaseAddress (self-hosted, a stand-in) is the
    // socket's host too; Apinator:Client:WebSocketUrl overrides both.
    private static string? ApinatorWebSocketUrl(IConfiguration section, IConfiguration client, string? cluster)
    {
        if (client["WebSocketUrl"] is { Length: > 0 } configured) return configured.TrimEnd('/');
        if (Uri.TryCreate(section["BaseAddress"], UriKind.Absolute, out var baseAddress))
        {
            var scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
            return $"{scheme}://{baseAddress.Authority}";
        }

        return cluster is not null ? $"wss://ws-{cluster}.apinator.io" : null;
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
