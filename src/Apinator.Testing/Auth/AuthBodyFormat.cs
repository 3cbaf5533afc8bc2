namespace Apinator.Testing;

/// <summary>How the auth client writes its request body, as the two browser clients do.</summary>
public enum AuthBodyFormat
{
    /// <summary><c>application/json</c>, as Apinator's JS client sends.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>, as pusher-js sends.</summary>
    Form,
}
