using Apinator.AspNetCore.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Channels;

/// <summary>The channel authorization endpoint's handler; services are resolved once, at mapping time.</summary>
internal sealed partial class ChannelAuthEndpoint(ChannelAuthorizer authorizer, ChannelRuleSet rules, ILogger logger)
{
    public async Task<Results<Ok<ChannelAuthorization>, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        var (body, problem) = await AuthRequestReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null) return ToResult(problem);

        var socketId = body!.SocketId;
        var channel = body.ChannelName;
        if (string.IsNullOrEmpty(socketId) || string.IsNullOrEmpty(channel))
        {
            return ToResult(new Problem(StatusCodes.Status400BadRequest, "Malformed auth request", "Both socket_id and channel_name are required."));
        }

        // Validate before any rule runs or anything is signed: a crafted socket_id such as
        // "1.1:private-other" would otherwise make us sign a different string than intended.
        if (!Validation.ProtocolRules.IsValidSocketId(socketId))
        {
            return ToResult(new Problem(StatusCodes.Status400BadRequest, "Invalid socket_id", "socket_id must look like '1234.5678'."));
        }

        if (!Validation.ProtocolRules.IsValidChannelName(channel))
        {
            return ToResult(new Problem(StatusCodes.Status400BadRequest, "Invalid channel_name", "channel_name must be 1–164 letters, digits or _ - = @ , . ;"));
        }

        var rule = rules.Find(channel, out var values);
        if (rule is null)
        {
            LogRefused(logger, channel, "no rule matches");
            return ToResult(new Problem(StatusCodes.Status403Forbidden, "Channel refused", $"No rule allows subscribing to '{channel}'."));
        }

        if (rule.RequireAuthenticatedUser && context.User.Identity?.IsAuthenticated != true)
        {
            return ToResult(new Problem(StatusCodes.Status401Unauthorized, "Sign-in required", $"Sign in to subscribe to '{channel}'."));
        }

        var grant = await rule.Decide(new ChannelAuthorizationContext(context, channel, socketId, values)).ConfigureAwait(false);
        if (!grant.Allowed)
        {
            LogRefused(logger, channel, "the rule refused");
            // Same answer whether or not the channel "exists": don't reveal which ids are real.
            return ToResult(new Problem(StatusCodes.Status403Forbidden, "Channel refused", $"You may not subscribe to '{channel}'."));
        }

        try
        {
            return TypedResults.Ok(authorizer.Authorize(socketId, channel, rule.IsPresence ? grant.Member : null));
        }
        catch (ApinatorValidationException e)
        {
            return ToResult(new Problem(StatusCodes.Status400BadRequest, "Invalid auth request", e.Message));
        }
        catch (ApinatorEncryptionException e)
        {
            LogMisconfigured(logger, channel, e.Message);
            return ToResult(new Problem(StatusCodes.Status500InternalServerError, "Encryption not configured", "This server cannot authorize end-to-end encrypted channels."));
        }
    }

    internal static ProblemHttpResult ToResult(Problem problem) =>
        TypedResults.Problem(detail: problem.Detail, statusCode: problem.Status, title: problem.Title);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Channel authorization for {Channel} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Channel authorization for {Channel} failed: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, string channel, string reason);
}
