using System.Net;

namespace Apinator.Testing;

/// <summary>The app refused an authorization.</summary>
/// <param name="StatusCode">Its status code (401 not signed in, 403 not allowed, 400 bad request…).</param>
/// <param name="Title">The problem's <c>title</c>, when it answered an RFC 7807 problem.</param>
/// <param name="Detail">The problem's <c>detail</c>.</param>
/// <param name="Body">The answer's body text.</param>
public sealed record AuthRefusal(HttpStatusCode StatusCode, string? Title, string? Detail, string Body)
{
    /// <summary>The status and problem in one line.</summary>
    /// <returns>E.g. <c>403 Forbidden: …</c>.</returns>
    public override string ToString() =>
        $"{(int)StatusCode}" + (Title is null ? "" : $" {Title}") + (Detail is null ? "" : $": {Detail}");
}
