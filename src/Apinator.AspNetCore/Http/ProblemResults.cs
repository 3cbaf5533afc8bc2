using Microsoft.AspNetCore.Http;

namespace Apinator.AspNetCore.Http;

/// <summary>An RFC 7807 answer to send.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">A short, fixed title.</param>
/// <param name="Detail">What was wrong with this request.</param>
internal sealed record Problem(int Status, string Title, string Detail)
{
    /// <summary>
    /// For the app's own mistakes (a type its JSON context lacks, …): the caller learns only that the
    /// server failed; the log names what to fix.
    /// </summary>
    public static readonly Problem Misconfigured = new(StatusCodes.Status500InternalServerError, "Server misconfigured",
        "The server could not answer this request; its log says why.");

    public ProblemResult ToResult() => new(TypedResults.Problem(detail: Detail, statusCode: Status, title: Title).ProblemDetails);
}
