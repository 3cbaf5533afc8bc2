using System.Diagnostics.CodeAnalysis;
using Apinator;
using Apinator.AspNetCore;
using Apinator.AspNetCore.Channels;
using Apinator.AspNetCore.Hosting;
using Apinator.AspNetCore.Skubber;
using Apinator.AspNetCore.Users;
using Apinator.AspNetCore.Webhooks;
using Apinator.Channels;
using Apinator.Dialects;
using Apinator.Skubber;
using Apinator.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Apinator endpoints: channel authorization, user sign-in, webhooks and Skubber's SignalR tokens.</summary>
public static class ApinatorEndpointRouteBuilderExtensions
{
    private const string Tag = "Apinator";

    // Routing answers a Content-Type outside the Accepts list with a bare 415 before the endpoint
    // runs; accepting any type lets the endpoint itself refuse it with an RFC 7807 problem.
    private const string AnyContentType = "*/*";

    /// <summary>
    /// Maps <c>POST {pattern}</c>, the endpoint browser clients ask to authorize private, presence and
    /// encrypted channels. Accepts JSON (Apinator's JS client) and form-encoded (pusher-js) bodies;
    /// access is decided by the rules registered with <c>AuthorizeChannel</c> and <c>AuthorizePresenceChannel</c>.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="pattern">The route, <c>/realtime/auth</c> by default.</param>
    /// <returns>The endpoint's convention builder, for <c>.RequireAuthorization()</c>, <c>.RequireRateLimiting()</c>, ….</returns>
    public static RouteHandlerBuilder MapApinatorChannelAuth(this IEndpointRouteBuilder endpoints, string pattern = "/realtime/auth")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = ApinatorMarkerService.Require(endpoints.ServiceProvider, nameof(MapApinatorChannelAuth));
        var handler = new ChannelAuthEndpoint(
            services.GetRequiredService<ChannelAuthorizer>(),
            [.. services.GetRequiredService<IOptions<ApinatorAuthorizationOptions>>().Value.ChannelRules],
            ServiceDialect.For(services.GetRequiredService<IOptions<ApinatorOptions>>().Value.Protocol),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Apinator.AspNetCore.ChannelAuth"));

        // A lambda of known types, so the request delegate generator writes the binding at compile
        // time (no reflection: trimmed and Native AOT apps can map it).
        return DescribeAuthEndpoint<ChannelAuthorization>(endpoints.MapPost(pattern, (HttpContext context, CancellationToken _) => handler.HandleAsync(context)), "ApinatorChannelAuth",
            "Authorizes a socket to subscribe to a private, presence or encrypted channel.");
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c>, the user sign-in endpoint: signs the signed-in
    /// <see cref="System.Security.Claims.ClaimsPrincipal"/> (mapped by <c>WithUserData</c>) for the socket.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="pattern">The route, <c>/realtime/user-auth</c> by default.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static RouteHandlerBuilder MapApinatorUserAuth(this IEndpointRouteBuilder endpoints, string pattern = "/realtime/user-auth")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = ApinatorMarkerService.Require(endpoints.ServiceProvider, nameof(MapApinatorUserAuth));
        var handler = new UserAuthEndpoint(
            services.GetRequiredService<ChannelAuthorizer>(),
            services.GetRequiredService<IOptions<ApinatorAuthorizationOptions>>().Value.UserDataFactory,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Apinator.AspNetCore.UserAuth"));

        return DescribeAuthEndpoint<UserAuthentication>(endpoints.MapPost(pattern, (HttpContext context, CancellationToken _) => handler.HandleAsync(context)), "ApinatorUserAuth",
            "Signs the signed-in user in to the realtime service for a socket.");
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c>, where the service delivers webhooks. Each delivery's signature is
    /// checked over the raw body before anything is parsed, its age is checked, and each event is
    /// dispatched to a <typeparamref name="THandler"/> resolved from the request's services (or
    /// created with its constructor dependencies when not registered). Each delivery is claimed in
    /// the <see cref="IWebhookDeliveryStore"/> first, for <see cref="ApinatorWebhookOptions.HandlerLease"/>,
    /// renewed while the handler runs: a copy arriving while it is handled is answered 503 with
    /// <c>Retry-After</c>, and one arriving after it was handled 200, neither running the handler. A
    /// failed handler gives its claim back, and the claim of an instance that died is no longer renewed
    /// and lapses with its lease, so the service's retry is handled.
    /// </summary>
    /// <typeparam name="THandler">The app's handler.</typeparam>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="pattern">The route, <c>/webhooks/apinator</c> by default.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static RouteHandlerBuilder MapApinatorWebhooks<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IEndpointRouteBuilder endpoints, string pattern = "/webhooks/apinator")
        where THandler : class, IWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = ApinatorMarkerService.Require(endpoints.ServiceProvider, nameof(MapApinatorWebhooks));
        var apinator = services.GetRequiredService<IOptions<ApinatorOptions>>().Value;
        var webhookOptions = services.GetRequiredService<IOptions<ApinatorWebhookOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Apinator.AspNetCore.Webhooks");
        var time = services.GetRequiredService<TimeProvider>();
        var pipeline = new WebhookPipeline<THandler>(
            services.GetRequiredService<WebhookVerifier>(),
            services.GetRequiredService<WebhookParser>(),
            webhookOptions,
            new DeliveryClaims(services.GetRequiredService<IWebhookDeliveryStore>(), webhookOptions, time, logger),
            ServiceDialect.For(apinator.Protocol),
            apinator.AppId,
            time,
            logger);
        var handler = new WebhookEndpoint<THandler>(pipeline, webhookOptions, apinator.Protocol, logger);

        return endpoints.MapPost(pattern, (HttpContext context, CancellationToken _) => handler.HandleAsync(context))
            .WithName("ApinatorWebhooks")
            .WithTags(Tag)
            .WithSummary("Receives signed webhook deliveries from the realtime service.")
            .Accepts<object>("application/json", AnyContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> (no body), where a signed-in browser asks how to connect to Skubber's
    /// SignalR hub. The answer is <see cref="SkubberConnection"/>: Skubber's token, fetched server-side
    /// and cached (the secret never reaches the browser), and the hub URL <c>{base}/push?userId={id}</c>
    /// with the id of the server-side user (the id the sign-in endpoint uses, see <c>WithUserData</c>),
    /// never one the browser sent. Skubber's token authorizes the app, not a user: it does not stop a
    /// browser from opening the hub with another id, so send nothing over Skubber that only one user may
    /// read unless Skubber itself checks the user. Anonymous callers get 401; a user without an id 403;
    /// Skubber refusing the key and secret or failing 502; Skubber out of reach 503 with <c>Retry-After</c>.
    /// </summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="pattern">The route, <c>/realtime/skubber-token</c> by default.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ApinatorConfigurationException">Apinator:Protocol is not HeaderCredentials (Skubber).</exception>
    public static RouteHandlerBuilder MapApinatorSkubberToken(this IEndpointRouteBuilder endpoints, string pattern = "/realtime/skubber-token")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = ApinatorMarkerService.Require(endpoints.ServiceProvider, nameof(MapApinatorSkubberToken));
        // Resolved here, so a protocol without SignalR tokens fails at start-up, not on the first browser.
        var handler = new SkubberTokenEndpoint(
            services.GetRequiredService<ISkubberTokenSource>(),
            services.GetRequiredService<IOptions<ApinatorAuthorizationOptions>>().Value.UserDataFactory,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Apinator.AspNetCore.SkubberToken"));

        return endpoints.MapPost(pattern, (HttpContext context, CancellationToken _) => handler.HandleAsync(context))
            .WithName("ApinatorSkubberToken")
            .WithTags(Tag)
            .WithSummary("Gives the signed-in user the token and hub URL to connect to Skubber's SignalR hub.")
            .Produces<SkubberConnection>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Both auth endpoints take the same bodies and answer the same problems.</summary>
    private static RouteHandlerBuilder DescribeAuthEndpoint<TGranted>(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint
            .WithName(name)
            .WithTags(Tag)
            .WithSummary(summary)
            .Accepts<AuthRequestBody>("application/json", "application/x-www-form-urlencoded", AnyContentType)
            .Produces<TGranted>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .DisableAntiforgery();
}
