using System.Globalization;
using Apinator;
using Apinator.AspNetCore;
using Apinator.AspNetCore.Publishing;
using Apinator.Channels;
using Microsoft.AspNetCore.Authentication;

namespace AotApp;

/// <summary>
/// The app: every Apinator endpoint, rules giving each outcome a channel name, and test-only
/// routes to hold and release a webhook handler. <c>AotApp:Json</c> picks the app's JSON settings:
/// <c>readme</c> (the README's AOT section), <c>replace</c> (the app's context replaces every
/// resolver of the HTTP JSON options) or <c>none</c>.
/// </summary>
public static class AotHost
{
    /// <summary>A user that <c>WithUserData</c> gives no id (403).</summary>
    public const string UserWithoutId = "no-id";

    /// <summary>A user whose data is a type the app's context lacks (500).</summary>
    public const string UserWithUnlistedData = "unlisted";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddAuthentication(HeaderAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<HandlerGate>();

        var apinator = builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"))
            .AuthorizeChannel("private-orders-{owner}", c => c.Values["owner"] == c.UserId)
            .AuthorizeChannel("private-encrypted-vault", _ => true)
            // The library's own type (a dictionary), the app's (in its context), and one it forgot.
            .AuthorizePresenceChannel("presence-room-{id}", c => new PresenceMember(c.UserId!, new Dictionary<string, string> { ["name"] = c.User.Identity!.Name! }))
            .AuthorizePresenceChannel("presence-team-{id}", c => new PresenceMember(c.UserId!, new TeamMember(c.User.Identity!.Name!)))
            .AuthorizePresenceChannel("presence-broken-{id}", c => new PresenceMember(c.UserId!, new NotInContext(c.User.Identity!.Name!)))
            .WithUserData(user => user.Identity?.Name switch
            {
                UserWithoutId => null,
                UserWithUnlistedData => new UserData(UserWithUnlistedData, new NotInContext("x")),
                _ => ApinatorAuthorizationOptions.DefaultUserData(user),
            })
            .ConfigureWebhooks(o => o.MaxBodyBytes = 4096);

        var queue = builder.Configuration["AotApp:Queue"];
        if (queue is not null)
        {
            var capacity = builder.Configuration["AotApp:QueueCapacity"];
            apinator.AddPublishQueue(o =>
            {
                o.FullMode = Enum.Parse<QueueFullMode>(queue);
                if (capacity is not null) o.Capacity = int.Parse(capacity, CultureInfo.InvariantCulture);
            });
            builder.Services.AddHostedService<QueueStopSignal>();
        }

        var redis = RedisSetup.IsOn(builder.Configuration);
        if (redis) apinator.AddRedis(builder.Configuration, queue is not null);

        switch (builder.Configuration["AotApp:Json"] ?? "readme")
        {
            case "readme":
                builder.Services.Configure<ApinatorOptions>(o => o.JsonSerializerOptions = AppJson.Default.Options);
                builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));
                break;
            case "replace":
                builder.Services.Configure<ApinatorOptions>(o => o.JsonSerializerOptions = AppJson.Default.Options);
                builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver = AppJson.Default);
                break;
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapApinatorChannelAuth();
        app.MapApinatorUserAuth();
        app.MapApinatorWebhooks<AotWebhookHandler>();
        if (builder.Configuration["AotApp:Skubber"] == "true") app.MapApinatorSkubberToken();
        if (queue is not null) app.MapPublishEndpoints();
        if (redis) app.MapRedisHealth(queue is not null);

        // Test-only: hold a webhook handler and watch it, by channel name.
        app.MapGet("/test/entered/{channel}", (string channel, HandlerGate gate, CancellationToken cancellationToken) => gate.EnteredAsync(channel, cancellationToken));
        app.MapPost("/test/release/{channel}", (string channel, HandlerGate gate) => gate.Release(channel));
        app.MapGet("/test/handled/{channel}", (string channel, HandlerGate gate) => gate.HandledCount(channel).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return app;
    }
}
