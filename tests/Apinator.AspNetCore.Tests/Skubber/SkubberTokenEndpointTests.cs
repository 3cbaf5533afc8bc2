using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.AspNetCore;
using Apinator.AspNetCore.Skubber;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Channels;
using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Skubber;

public sealed class SkubberTokenEndpointTests : IAsyncLifetime
{
    private const string Path = "/realtime/skubber-token";
    private SkubberStandin _standin = null!;

    public async Task InitializeAsync() => _standin = await SkubberStandin.StartAsync();

    public async Task DisposeAsync() => await _standin.DisposeAsync();

    private Task<TestApp> StartAsync(string secret = SkubberStandin.ApiSecret, Uri? address = null, Action<ApinatorBuilder>? apinator = null) => TestApp.StartAsync(
        apinator: apinator,
        options: o =>
        {
            o.Protocol = ApinatorProtocol.HeaderCredentials;
            o.AppId = SkubberStandin.AppId;
            o.Key = SkubberStandin.ApiKey;
            o.Secret = secret;
            o.BaseAddress = address ?? _standin.Address;
        },
        map: app => app.MapApinatorSkubberToken());

    private static HttpRequestMessage Request(string path = Path) => new(HttpMethod.Post, path);

    private string Origin => _standin.Address.GetLeftPart(UriPartial.Authority);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["expiresAt", "token", "url"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Signed_in_browser_gets_the_token_and_its_own_hub_url()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(Request().As("u-7"));

        var answer = await OkAsync(response);
        Assert.Equal($"{Origin}/push?userId=u-7", answer.GetProperty("url").GetString());
        var token = answer.GetProperty("token").GetString()!;
        Assert.Equal(3, token.Split('.').Length);
        Assert.Equal(1, _standin.TokensIssued);
        Assert.True(answer.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.DoesNotContain(SkubberStandin.ApiSecret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_url_names_the_user_as_sign_in_does_with_the_apps_own_user_data()
    {
        // The app maps its users itself (WithUserData): the hub URL must carry the id its sign-in and
        // presence data carry, not the raw name claim.
        await using var app = await StartAsync(apinator: a => a.WithUserData(user => new UserData("db-" + user.Identity!.Name)));

        var answer = await OkAsync(await app.Client.SendAsync(Request().As("u-7")));

        Assert.Equal($"{Origin}/push?userId=db-u-7", answer.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_user_the_apps_user_data_refuses_gets_403_and_no_token()
    {
        await using var app = await StartAsync(apinator: a => a.WithUserData(_ => null));

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Request().As("u-7")), HttpStatusCode.Forbidden);
        Assert.Equal(0, _standin.TokensIssued);
    }

    [Fact]
    public async Task A_user_id_chosen_by_the_browser_is_ignored()
    {
        await using var app = await StartAsync();
        var request = Request(Path + "?userId=admin&user_id=admin");
        request.Content = new StringContent("""{"userId":"admin","url":"https://evil.example/push?userId=admin"}""", Encoding.UTF8, "application/json");

        var answer = await OkAsync(await app.Client.SendAsync(request.As("u-7")));

        Assert.Equal($"{Origin}/push?userId=u-7", answer.GetProperty("url").GetString());
    }

    [Fact]
    public async Task User_ids_are_escaped_into_the_url()
    {
        await using var app = await StartAsync();

        var answer = await OkAsync(await app.Client.SendAsync(Request().As("ada&userId=admin")));

        Assert.Equal($"{Origin}/push?userId=ada%26userId%3Dadmin", answer.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Many_browsers_share_one_upstream_fetch()
    {
        await using var app = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i => await OkAsync(await app.Client.SendAsync(Request().As($"u-{i}")))));

        Assert.Single(_standin.Requests);
        Assert.Single(answers.Select(a => a.GetProperty("token").GetString()).Distinct());
        Assert.Equal(20, answers.Select(a => a.GetProperty("url").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Anonymous_request_is_a_401_problem_and_fetches_nothing()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(Request(Path + "?userId=u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(_standin.Requests);
    }

    [Fact]
    public async Task Refused_secret_is_a_502_problem_and_a_log_naming_the_cause_without_the_secret()
    {
        const string wrong = "wrong-Secret-3318-Tapir";
        await using var app = await StartAsync(secret: wrong);

        var response = await app.Client.SendAsync(Request().As("u-7"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.DoesNotContain("secret", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var logged = Assert.Single(app.Logs.Entries, e => e.EventId == 50);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("Apinator:Secret", logged.Message, StringComparison.Ordinal);
        Assert.IsType<ApinatorAuthenticationException>(logged.Exception);
        // The stand-in echoed the secret it received; nothing passes it on.
        Assert.Contains(wrong, Assert.Single(_standin.Requests).Body, StringComparison.Ordinal);
        Assert.All(app.Logs.Entries, e => Assert.DoesNotContain(wrong, e.Message + e.Exception, StringComparison.Ordinal));
        Assert.All(_standin.Requests, r => Assert.DoesNotContain(wrong, Uri.UnescapeDataString(r.PathAndQuery), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_down_is_a_503_problem_with_retry_after()
    {
        await using var app = await StartAsync(address: SkubberStandin.NobodyListening());

        var response = await app.Client.SendAsync(Request().As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 51 && e.Exception is ApinatorNetworkException);
    }

    [Fact]
    public async Task Service_answering_503_is_a_503_problem()
    {
        _standin.Override = context => { context.Response.StatusCode = 503; return Task.CompletedTask; };
        await using var app = await StartAsync();

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Request().As("u-7")), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Malformed_answer_from_the_service_is_a_502_problem()
    {
        _standin.Override = context => context.Response.WriteAsync("""{"jwt":"abc"}""");
        await using var app = await StartAsync();

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(Request().As("u-7")), HttpStatusCode.BadGateway);
        Assert.Contains(app.Logs.Entries, e => e.EventId == 52);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    public async Task Mapping_it_with_another_protocol_fails_at_start_up(ApinatorProtocol protocol)
    {
        var e = await Assert.ThrowsAsync<ApinatorConfigurationException>(() => TestApp.StartAsync(
            options: o => { o.Protocol = protocol; o.BaseAddress = _standin.Address; },
            map: app => app.MapApinatorSkubberToken()));

        Assert.Contains("Apinator:Protocol HeaderCredentials", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_describes_every_outcome_for_openapi()
    {
        await using var app = await StartAsync();

        var endpoint = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "ApinatorSkubberToken");

        Assert.Equal(Path, endpoint.RoutePattern.RawText);
        Assert.Equal(["POST"], endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods);
        var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
        Assert.Equal([401, 403, 502, 503], produces.Where(m => m.ContentTypes.Contains("application/problem+json")).Select(m => m.StatusCode).Order());
        Assert.Contains(produces, m => m.StatusCode == 200 && m.Type == typeof(SkubberConnection));
        Assert.Contains("Apinator", endpoint.Metadata.GetRequiredMetadata<ITagsMetadata>().Tags);
    }
}
