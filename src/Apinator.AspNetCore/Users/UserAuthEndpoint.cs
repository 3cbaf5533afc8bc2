using System.Security.Claims;
using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Users;

/// <summary>The user sign-in endpoint's handler: signs the server-side user for the socket.</summary>
internal sealed partial class UserAuthEndpoint(ChannelAuthorizer authorizer, Func<ClaimsPrincipal, UserData?> mapUserData, ILogger logger)
{
    public async Task<Results<JsonHttpResult<UserAuthentication>, ProblemResult>> HandleAsync(HttpContext context)
    {
        var (body, problem) = await AuthRequestReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null) return Refuse(problem, problem.Status == StatusCodes.Status415UnsupportedMediaType ? "unsupported_media_type" : problem.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : "malformed");

        var socketId = body!.SocketId;
        if (string.IsNullOrEmpty(socketId) || !Validation.ProtocolRules.IsValidSocketId(socketId))
        {
            return Refuse(new Problem(StatusCodes.Status400BadRequest, "Invalid socket_id", "socket_id is required and must look like '1234.5678'."), "invalid_socket_id");
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Refuse(new Problem(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in before signing in to the realtime service."), "sign_in_required");
        }

        // The user data comes from the server-side principal only; nothing the browser sent is used.
        var user = mapUserData(context.User);
        if (user is null || string.IsNullOrEmpty(user.Id))
        {
            return Refuse(new Problem(StatusCodes.Status403Forbidden, "No user id", "The signed-in user has no id to sign in with."), "no_user_id");
        }

        try
        {
            var granted = TypedResults.Json(authorizer.AuthenticateUser(socketId, user), ApinatorJsonContext.Default.UserAuthentication);
            EndpointDiagnostics.AuthDecision("user", null, granted: true, "granted");
            return granted;
        }
        catch (ApinatorValidationException e)
        {
            return Refuse(new Problem(StatusCodes.Status400BadRequest, "Invalid sign-in request", e.Message), "invalid_user_data");
        }
        catch (ApinatorConfigurationException e)
        {
            // The app's mistake (e.g. a user data type its JSON context lacks): the log names the type.
            LogMisconfigured(logger, e.Message);
            return Refuse(Problem.Misconfigured, "misconfigured");
        }
    }

    private static ProblemResult Refuse(Problem problem, string reason)
    {
        EndpointDiagnostics.AuthDecision("user", null, granted: false, reason);
        return problem.ToResult();
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "User sign-in failed: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, string reason);
}
