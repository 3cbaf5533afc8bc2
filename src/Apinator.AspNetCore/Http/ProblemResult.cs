using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Writes an RFC 7807 document through the app's <see cref="IProblemDetailsService"/> when it has one
/// (so <c>AddProblemDetails</c> customizations apply), else, or when that cannot serialize it, with
/// the library's own source-generated contract. <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/>
/// serializes through the app's <c>JsonOptions</c>, which with reflection off (Native AOT) know
/// <see cref="ProblemDetails"/> only if the app thought to add it: every refusal would become a 500
/// with an empty body.
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
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;

        // An app that registered problem details (AddProblemDetails) customizes every problem it
        // answers (trace ids, type links, its own writers): ours too, as ProblemHttpResult would.
        if (httpContext.RequestServices.GetService<IProblemDetailsService>() is { } service)
        {
            try
            {
                if (await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = ProblemDetails }).ConfigureAwait(false)) return;
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException && !httpContext.Response.HasStarted)
            {
                // With reflection off, the app's JSON settings may not know ProblemDetails: write it with ours.
            }
        }

        await httpContext.Response.WriteAsJsonAsync(ProblemDetails, ApinatorJsonContext.Default.ProblemDetails, ContentType, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
