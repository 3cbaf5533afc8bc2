using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Apinator.AspNetCore.Channels;

/// <summary>What a channel rule sees: the request, its user, the channel and the values its pattern captured.</summary>
public sealed class ChannelAuthorizationContext
{
    internal ChannelAuthorizationContext(HttpContext httpContext, string channelName, string socketId, IReadOnlyDictionary<string, string> values)
    {
        HttpContext = httpContext;
        ChannelName = channelName;
        SocketId = socketId;
        Values = values;
    }

    /// <summary>The auth request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The signed-in user (<see cref="HttpContext.User"/>).</summary>
    public ClaimsPrincipal User => HttpContext.User;

    /// <summary>The channel asked for.</summary>
    public string ChannelName { get; }

    /// <summary>The socket asking (already validated).</summary>
    public string SocketId { get; }

    /// <summary>The values captured by the rule's pattern, e.g. <c>userId</c> for <c>private-user-{userId}</c>. Case-insensitive keys.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The request's cancellation token.</summary>
    public CancellationToken CancellationToken => HttpContext.RequestAborted;

    /// <summary>The user's id: the <see cref="ClaimTypes.NameIdentifier"/> claim, else the identity's name; null when not signed in.</summary>
    public string? UserId => Users.UserIdentity.IdOf(User);
}
