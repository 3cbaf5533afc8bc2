using System.Net;
using Apinator.AspNetCore.Http;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.AspNetCore.Tests.Webhooks;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Routing;

public sealed class EndpointRouteBuilderExtensionsTests
{
    private static Task<TestApp> StartWithAllEndpointsAsync() => TestApp.StartAsync(
        apinator: a => a.AuthorizeChannel("private-chat", _ => true),
        map: app =>
        {
            app.MapApinatorChannelAuth();
            app.MapApinatorUserAuth();
            app.MapApinatorWebhooks<RecordingWebhookHandler>();
        },
        services: s => s.AddSingleton<WebhookCallLog>());

    private static RouteEndpoint Endpoint(TestApp app, string name) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

    private static int[] ProblemStatuses(Endpoint endpoint) =>
        [.. endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .Where(m => m.ContentTypes.Contains("application/problem+json"))
            .Select(m => m.StatusCode)
            .Order()];

    [Fact]
    public async Task Channel_auth_endpoint_describes_every_outcome_for_openapi()
    {
        await using var app = await StartWithAllEndpointsAsync();

        var endpoint = Endpoint(app, "ApinatorChannelAuth");

        Assert.Equal("/realtime/auth", endpoint.RoutePattern.RawText);
        Assert.Equal(["POST"], endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods);
        Assert.Equal([400, 401, 403, 413, 415, 500], ProblemStatuses(endpoint));
        var ok = Assert.Single(endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>(), m => m.StatusCode == 200);
        Assert.Equal(typeof(ChannelAuthorization), ok.Type);
        var accepts = endpoint.Metadata.GetRequiredMetadata<IAcceptsMetadata>();
        // */* too, so that other types reach the endpoint and get its 415 problem rather than routing's bare 415.
        Assert.Equal(["application/json", "application/x-www-form-urlencoded", "*/*"], accepts.ContentTypes);
        Assert.Equal(typeof(AuthRequestBody), accepts.RequestType);
        Assert.Contains("Apinator", endpoint.Metadata.GetRequiredMetadata<ITagsMetadata>().Tags);
        Assert.False(string.IsNullOrWhiteSpace(endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary));
    }

    [Fact]
    public async Task User_auth_endpoint_describes_every_outcome_for_openapi()
    {
        await using var app = await StartWithAllEndpointsAsync();

        var endpoint = Endpoint(app, "ApinatorUserAuth");

        Assert.Equal("/realtime/user-auth", endpoint.RoutePattern.RawText);
        Assert.Equal([400, 401, 403, 413, 415, 500], ProblemStatuses(endpoint));
        Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>(), m => m.StatusCode == 200 && m.Type == typeof(UserAuthentication));
        Assert.Equal(["application/json", "application/x-www-form-urlencoded", "*/*"], endpoint.Metadata.GetRequiredMetadata<IAcceptsMetadata>().ContentTypes);
    }

    [Fact]
    public async Task Webhook_endpoint_describes_every_outcome_for_openapi()
    {
        await using var app = await StartWithAllEndpointsAsync();

        var endpoint = Endpoint(app, "ApinatorWebhooks");

        Assert.Equal("/webhooks/apinator", endpoint.RoutePattern.RawText);
        Assert.Equal([400, 401, 413, 415, 500, 503], ProblemStatuses(endpoint));
        Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>(), m => m.StatusCode == 200);
        Assert.Equal(["application/json", "*/*"], endpoint.Metadata.GetRequiredMetadata<IAcceptsMetadata>().ContentTypes);
    }

    [Fact]
    public async Task Routes_can_be_chosen()
    {
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AuthorizeChannel("private-chat", _ => true),
            map: app =>
            {
                app.MapApinatorChannelAuth("/pusher/auth");
                app.MapApinatorUserAuth("/pusher/user-auth");
                app.MapApinatorWebhooks<RecordingWebhookHandler>("/hooks/realtime");
            },
            services: s => s.AddSingleton<WebhookCallLog>());

        Assert.Equal("/pusher/auth", Endpoint(app, "ApinatorChannelAuth").RoutePattern.RawText);
        Assert.Equal("/pusher/user-auth", Endpoint(app, "ApinatorUserAuth").RoutePattern.RawText);
        Assert.Equal("/hooks/realtime", Endpoint(app, "ApinatorWebhooks").RoutePattern.RawText);
        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-chat", path: "/pusher/auth").As("a"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Convention_builder_is_returned_so_the_app_can_require_authorization()
    {
        await using var app = await TestApp.StartAsync(
            // This rule lets anonymous requests through: only RequireAuthorization can stop them.
            apinator: a => a.AuthorizeChannel("private-open", _ => true, requireAuthenticatedUser: false),
            map: app => app.MapApinatorChannelAuth().RequireAuthorization());

        var anonymous = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-open"));
        var signedIn = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, "1.1", "private-open").As("alice"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains(ExpectedAuth.Channel("1.1", "private-open"), await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convention_builder_takes_metadata_and_filters()
    {
        var filtered = 0;
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AuthorizeChannel("private-open", _ => true, requireAuthenticatedUser: false),
            map: app => app.MapApinatorChannelAuth()
                .WithTags("Realtime")
                .AddEndpointFilter(async (context, next) => { Interlocked.Increment(ref filtered); return await next(context); }));

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Form, "1.1", "private-open"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, filtered);
        Assert.Contains("Realtime", Endpoint(app, "ApinatorChannelAuth").Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
    }

    [Fact]
    public void Mapping_requires_a_route_builder()
    {
        Assert.Throws<ArgumentNullException>(() => ApinatorEndpointRouteBuilderExtensions.MapApinatorChannelAuth(null!));
        Assert.Throws<ArgumentNullException>(() => ApinatorEndpointRouteBuilderExtensions.MapApinatorUserAuth(null!));
        Assert.Throws<ArgumentNullException>(() => ApinatorEndpointRouteBuilderExtensions.MapApinatorWebhooks<RecordingWebhookHandler>(null!));
    }
}
