using Apinator.Rest;
using Apinator.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Apinator.AspNetCore;

/// <summary>
/// "To others", as Laravel's <c>toOthers()</c>: the browser sends its socket id in a request header
/// (<c>X-Socket-ID</c> by default) and a trigger made while handling that request skips that socket.
/// </summary>
public static class SenderExclusion
{
    /// <summary>The header browsers send their socket id in, unless configured otherwise.</summary>
    public const string DefaultHeaderName = "X-Socket-ID";

    /// <summary>
    /// Trigger options that exclude the socket named by the request's socket-id header; when the
    /// request has none, the options exclude nothing.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <param name="info">Attributes the answer should carry.</param>
    /// <returns>Options for <see cref="IApinator.TriggerAsync(string, string, object?, TriggerOptions?, CancellationToken)"/>.</returns>
    /// <exception cref="ApinatorValidationException">The header is present but is not a valid socket id.</exception>
    public static TriggerOptions ToOthers(this HttpContext context, ChannelInfo info = ChannelInfo.None) =>
        new() { SocketId = context.ApinatorSocketId(), Info = info };

    /// <summary>The socket id in the request's socket-id header, validated; null when the header is absent.</summary>
    /// <param name="context">The current request.</param>
    /// <returns>The socket id, or null.</returns>
    /// <exception cref="ApinatorValidationException">The header is present but is not a valid socket id.</exception>
    public static string? ApinatorSocketId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.RequestServices.GetService<IOptions<ApinatorSenderOptions>>()?.Value.HeaderName ?? DefaultHeaderName;
        var value = context.Request.Headers[header].ToString();
        if (value.Length == 0) return null;
        if (!ProtocolRules.IsValidSocketId(value))
        {
            // The header comes from the browser: never pass on something that is not a socket id.
            throw new ApinatorValidationException($"The {header} header is not a valid socket id: it must look like '1234.5678'.", header);
        }

        return value;
    }
}
