namespace Apinator.AspNetCore.Tests.Http;

/// <summary>How a browser client posts an auth request.</summary>
public enum BodyFormat
{
    /// <summary>Apinator's JS client: <c>application/json</c>.</summary>
    Json,

    /// <summary>pusher-js: <c>application/x-www-form-urlencoded</c>.</summary>
    Form,
}
