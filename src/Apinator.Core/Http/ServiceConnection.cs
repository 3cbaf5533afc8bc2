using Apinator.Dialects;
using Microsoft.Extensions.Logging;

namespace Apinator.Http;

/// <summary>
/// What the client and Sockudo's extensions share for one app: the validated options, the service's
/// dialect, the signed transport and the app's REST paths. Both clients are built over one of these,
/// so neither reaches into the other.
/// </summary>
internal sealed class ServiceConnection
{
    /// <param name="http">The client to send with.</param>
    /// <param name="options">A validated copy of the options, owned by this connection.</param>
    /// <param name="time">The clock for request timestamps.</param>
    /// <param name="logger">Where calls are logged.</param>
    public ServiceConnection(HttpClient http, ApinatorOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        Dialect = ServiceDialect.Of(options);
        AppPath = "/apps/" + Uri.EscapeDataString(options.AppId);
        Transport = new RestTransport(http, options, Dialect, time, logger);
    }

    public ApinatorOptions Options { get; }

    public ServiceDialect Dialect { get; }

    public RestTransport Transport { get; }

    /// <summary><c>/apps/{app id}</c>, escaped.</summary>
    public string AppPath { get; }

    /// <summary><c>/apps/{app id}/channels/{channel}</c>, escaped by the one rule every call uses (<see cref="ServiceDialect.PathSegment"/>).</summary>
    public string ChannelPath(string channel) => AppPath + "/channels/" + ServiceDialect.PathSegment(channel);

    /// <summary><c>/apps/{app id}/users/{user id}</c>, escaped.</summary>
    public string UserPath(string userId) => AppPath + "/users/" + Uri.EscapeDataString(userId);
}
