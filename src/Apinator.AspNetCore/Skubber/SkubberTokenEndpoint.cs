using System.Security.Claims;
using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Apinator.Channels;
using Apinator.Skubber;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Skubber;

/// <summary>
/// The Skubber token endpoint's handler: the SignalR token and the hub URL for the server-side user,
/// by the same rule as user sign-in. Nothing the browser sends is read: the URL it is given names the
/// user the server knows. (The token itself is the app's, so it is not what ties a browser to a user.)
/// </summary>
internal sealed partial class SkubberTokenEndpoint(ISkubberTokenSource tokens, Func<ClaimsPrincipal, UserData?> userData, ILogger logger)
{
    private const string Kind = "skubber_token";

    /// <summary>Seconds a browser is told to wait when Skubber cannot be reached.</summary>
    public const int RetryAfterSeconds = 5;

    // One answer whatever Skubber said: the cause is for the app's log, not for browsers.
    private static readonly Problem NoToken = new(StatusCodes.Status502BadGateway, "Realtime service unavailable", "The realtime service did not issue a connection token. Try again later.");

    public async Task<Results<JsonHttpResult<SkubberConnection>, ProblemResult>> HandleAsync(HttpContext context)
    {
        // A bearer credential for up to an hour: no browser or proxy may keep a copy.
        context.Response.Headers.CacheControl = "no-store";

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Refuse(new Problem(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in before connecting to the realtime service."), "sign_in_required");
        }

        var userId = userData(context.User)?.Id;
        if (string.IsNullOrEmpty(userId))
        {
            return Refuse(new Problem(StatusCodes.Status403Forbidden, "No user id", "The signed-in user has no id to connect with."), "no_user_id");
        }

        try
        {
            var token = await tokens.GetTokenAsync(context.RequestAborted).ConfigureAwait(false);
            // Written with the library's own contract, whatever the app's JSON settings (Native AOT included).
            var answer = TypedResults.Json(new SkubberConnection(token.Token, tokens.GetHubUrl(userId).AbsoluteUri, token.ExpiresAt), ApinatorJsonContext.Default.SkubberConnection);
            EndpointDiagnostics.AuthDecision(Kind, null, granted: true, "granted");
            return answer;
        }
        catch (ApinatorAuthenticationException e)
        {
            // The browser learns only that the server's side failed; the log says why (never the secret).
            LogRefused(logger, e.StatusCode, e);
            return Refuse(NoToken, "credentials_refused");
        }
        catch (ApinatorException e) when (e is ApinatorNetworkException || e.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, e.StatusCode, e);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse(new Problem(StatusCodes.Status503ServiceUnavailable, "Realtime service unavailable", "The realtime service could not be reached. Try again shortly."), "service_unavailable");
        }
        catch (ApinatorException e)
        {
            LogFailed(logger, e.StatusCode, e);
            return Refuse(NoToken, "service_failed");
        }
    }

    private static ProblemResult Refuse(Problem problem, string reason)
    {
        EndpointDiagnostics.AuthDecision(Kind, null, granted: false, reason);
        return problem.ToResult();
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "Skubber refused the app's API key and secret ({Status}) when asked for a SignalR token: check Apinator:Key and Apinator:Secret")]
    private static partial void LogRefused(ILogger logger, int status, Exception exception);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "Skubber could not be reached for a SignalR token (status {Status}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, int status, Exception exception);

    [LoggerMessage(EventId = 52, Level = LogLevel.Error, Message = "Skubber did not issue a SignalR token (status {Status}); answered 502")]
    private static partial void LogFailed(ILogger logger, int status, Exception exception);
}
