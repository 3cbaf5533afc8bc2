using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apinator.AspNetCore.Http;

/// <summary>An RFC 7807 answer to send.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">A short, fixed title.</param>
/// <param name="Detail">What was wrong with this request.</param>
internal sealed record Problem(int Status, string Title, string Detail)
{
    public ProblemHttpResult ToResult() => TypedResults.Problem(detail: Detail, statusCode: Status, title: Title);
}
