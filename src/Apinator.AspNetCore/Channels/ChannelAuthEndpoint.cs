using Apinator.AspNetCore.Diagnostics;
using Apinator.AspNetCore.Http;
using Apinator.Channels;
using Apinator.Dialects;
using Apinator.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Channels;

/// <summary>
/// The channel authorization endpoint's handler; services and rules are resolved once, at mapping time.
/// Channel names are checked with the service's own rules (its dialect): on Sockudo, namespaced names
/// such as <c>private-chat:room1</c> are channels like any other.
/// </summary>
internal sealed partial class ChannelAuthEndpoint(ChannelAuthorizer authorizer, IReadOnlyList<ChannelRule> rules, ServiceDialect dialect, ILogger logger)
{
    private readonly Problem _invalidChannel = new(StatusCodes.Status400BadRequest, "Invalid channel_name", $"channel_name must be 1–{dialect.MaxChannelNameLength} {dialect.ChannelNameCharacters}.");

    private static readonly Problem SignInRequired = new(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in to subscribe to this channel.");

    public async Task<Results<JsonHttpResult<ChannelAuthorization>, ProblemResult>> HandleAsync(HttpContext context)
    {
        var (body, problem) = await AuthRequestReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null) return Refuse(problem, problem.Status == StatusCodes.Status415UnsupportedMediaType ? "unsupported_media_type" : problem.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : "malformed", null);

        var socketId = body!.SocketId;
        var channel = body.ChannelName;
        if (string.IsNullOrEmpty(socketId) || string.IsNullOrEmpty(channel))
        {
            return Refuse(new Problem(StatusCodes.Status400BadRequest, "Malformed auth request", "Both socket_id and channel_name are required."), "malformed", null);
        }

        // Validate before any rule runs or anything is signed: a crafted socket_id such as
        // "1.1:private-other" would otherwise make us sign a different string than intended.
        if (!ProtocolRules.IsValidSocketId(socketId))
        {
            return Refuse(new Problem(StatusCodes.Status400BadRequest, "Invalid socket_id", "socket_id must look like '1234.5678'."), "invalid_socket_id", null);
        }

        if (!dialect.IsValidChannelName(channel))
        {
            return Refuse(_invalidChannel, "invalid_channel", null);
        }

        var signedIn = context.User.Identity?.IsAuthenticated == true;
        var rule = Find(channel, out var values);
        if (rule is null)
        {
            LogRefused(logger, channel, "no rule matches");
            // An anonymous caller gets the same 401 whether or not a rule exists, so it cannot learn
            // which channel names the app knows.
            return signedIn
                ? Refuse(new Problem(StatusCodes.Status403Forbidden, "Channel refused", $"No rule allows subscribing to '{channel}'."), "no_rule", channel)
                : Refuse(SignInRequired, "sign_in_required", channel);
        }

        if (rule.RequireAuthenticatedUser && !signedIn) return Refuse(SignInRequired, "sign_in_required", channel);

        var (allowed, member) = await rule.DecideAsync(new ChannelAuthorizationContext(context, channel, socketId, values)).ConfigureAwait(false);
        if (!allowed)
        {
            LogRefused(logger, channel, "the rule refused");
            // Same answer whether or not the channel "exists": don't reveal which ids are real.
            return Refuse(new Problem(StatusCodes.Status403Forbidden, "Channel refused", $"You may not subscribe to '{channel}'."), "rule_refused", channel);
        }

        try
        {
            // Written with the library's contract, not the app's JsonOptions: the answer is the same
            // whatever resolvers the app configured.
            var granted = TypedResults.Json(authorizer.Authorize(socketId, channel, member), ApinatorJsonContext.Default.ChannelAuthorization);
            EndpointDiagnostics.AuthDecision("channel", channel, granted: true, "granted");
            return granted;
        }
        catch (ApinatorValidationException e)
        {
            return Refuse(new Problem(StatusCodes.Status400BadRequest, "Invalid auth request", e.Message), "invalid_member", channel);
        }
        catch (ApinatorEncryptionException e)
        {
            LogMisconfigured(logger, channel, e.Message);
            return Refuse(new Problem(StatusCodes.Status500InternalServerError, "Encryption not configured", "This server cannot authorize end-to-end encrypted channels."), "encryption_not_configured", channel);
        }
        catch (ApinatorConfigurationException e)
        {
            // The app's mistake (e.g. a user_info type its JSON context lacks): the log names the type.
            LogMisconfigured(logger, channel, e.Message);
            return Refuse(Problem.Misconfigured, "misconfigured", channel);
        }
    }

    private static ProblemResult Refuse(Problem problem, string reason, string? channel)
    {
        EndpointDiagnostics.AuthDecision("channel", channel, granted: false, reason);
        return problem.ToResult();
    }

    private ChannelRule? Find(string channel, out IReadOnlyDictionary<string, string> values)
    {
        // Indexed, not foreach: no enumerator per request.
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].TryMatch(channel, out values)) return rules[i];
        }

        values = EmptyValues;
        return null;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyValues = new Dictionary<string, string>();

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Channel authorization for {Channel} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Channel authorization for {Channel} failed: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, string channel, string reason);
}
