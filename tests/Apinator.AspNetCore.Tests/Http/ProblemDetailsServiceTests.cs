using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Http;

/// <summary>
/// An app that registered problem details (<c>AddProblemDetails</c>) sees its customizations on the
/// library's problems too, as it would on <c>TypedResults.Problem</c>; when its JSON settings cannot
/// write a problem, the library's own contract still does.
/// </summary>
public sealed class ProblemDetailsServiceTests
{
    private static Task<TestApp> StartAsync(bool replaceHttpResolvers) => TestApp.StartAsync(
        apinator: a =>
        {
            a.AuthorizeChannel("private-chat", _ => true);
            if (replaceHttpResolvers) a.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolver = AppOwnJson.Default);
        },
        map: app => app.MapApinatorChannelAuth(),
        services: s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customized"));

    [Fact]
    public async Task The_apps_problem_details_customization_applies_to_the_librarys_problems()
    {
        await using var app = await StartAsync(replaceHttpResolvers: false);

        // Anonymous: 401.
        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Form, "/realtime/auth", ("socket_id", "1234.5678"), ("channel_name", "private-chat")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("customized", problem.RootElement.GetProperty("app").GetString());
    }

    [Fact]
    public async Task A_problem_the_apps_json_settings_cannot_write_is_written_with_the_librarys_contract()
    {
        await using var app = await StartAsync(replaceHttpResolvers: true);

        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Form, "/realtime/auth", ("socket_id", "1234.5678"), ("channel_name", "private-chat")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }
}
