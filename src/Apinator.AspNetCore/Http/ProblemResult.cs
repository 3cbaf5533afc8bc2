using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Writes an RFC 7807 document with the library's own source-generated contract.
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/> serializes through the
/// app's <c>JsonOptions</c>, which with reflection off (Native AOT) know <see cref="ProblemDetails"/>
/// only if the app thought to add it: every refusal would become a 500 with an empty body.
/// </summary>
internal sealed class ProblemResult(ProblemDetails problemDetails)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    /// <summary>The document written.</summary>
    public ProblemDetails ProblemDetails { get; } = problemDetails;

    /// <summary>The HTTP status.</summary>
    public int StatusCode => ProblemDetails.Status ?? StatusCodes.Status500InternalServerError;

    /// <inheritdoc/>
    public string ContentType => "application/problem+json";

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => ProblemDetails;

    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => ProblemDetails;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(ProblemDetails, ApinatorJsonContext.Default.ProblemDetails, ContentType, httpContext.RequestAborted);
    }
}
