using System.Net;
using AotApp;
using Apinator.Aot.Tests.Services;
using static Apinator.Aot.Tests.Requests;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>
/// Skubber's token endpoint (<c>MapApinatorSkubberToken</c>, Protocol HeaderCredentials) against a
/// stand-in token service: the token and the server's user id, and every refusal. Each runs its own
/// app, as the token (and a failure) is cached for the app's lifetime.
/// </summary>
internal static class SkubberOutcomes
{
    private const string WrongSecret = "wrong-Secret-5120-Okapi";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("skubber token 200: no-store, the service's token, the hub URL of the server's user", Scenario.AnyJson, async (start, json) =>
        {
            await using var service = await TokenServiceStandin.StartAsync();
            await using var app = await start(Settings(json, service.Address));

            // A user id the browser sends is ignored: the URL names the signed-in user.
            var response = await app.Client.SendAsync(Raw("/realtime/skubber-token?userId=admin", """{"userId":"admin"}""", "application/json", "u-7"));

            var answer = await Answers.IsJsonAsync(response);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal(["expiresAt", "token", "url"], answer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var (token, expiresAt) = service.Issued ?? throw new InvalidOperationException("The service issued no token.");
            Assert.Equal(token, answer.GetProperty("token").GetString());
            Assert.Equal(expiresAt, answer.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.Equal($"{service.Origin}/push?userId=u-7", answer.GetProperty("url").GetString());
            Assert.DoesNotContain(AppUnderTest.Secret, answer.GetRawText(), StringComparison.Ordinal);
        }),
        new("skubber token 401: anonymous, nothing fetched", Scenario.AnyJson, async (start, json) =>
        {
            await using var service = await TokenServiceStandin.StartAsync();
            await using var app = await start(Settings(json, service.Address));

            var response = await app.Client.SendAsync(TokenRequest(null));

            await Answers.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal(0, service.Requests);
        }),
        new("skubber token 403: the user has no id", Scenario.AnyJson, async (start, json) =>
        {
            await using var service = await TokenServiceStandin.StartAsync();
            await using var app = await start(Settings(json, service.Address));

            await Answers.IsProblemAsync(await app.Client.SendAsync(TokenRequest("u-7").Named(AotHost.UserWithoutId)), HttpStatusCode.Forbidden);
            Assert.Equal(0, service.Requests);
        }),
        new("skubber token 502: the service refuses the key and secret", Scenario.AnyJson, async (start, json) =>
        {
            await using var service = await TokenServiceStandin.StartAsync();
            await using var app = await start(Settings(json, service.Address, ("Apinator:Secret", WrongSecret)));

            var problem = await Answers.IsProblemAsync(await app.Client.SendAsync(TokenRequest("u-7")), HttpStatusCode.BadGateway);

            Assert.DoesNotContain("secret", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
            var line = await app.LogContainingAsync("Apinator:Secret");
            Assert.DoesNotContain(WrongSecret, line, StringComparison.Ordinal);
            Assert.Equal(1, service.Requests);
        }),
        new("skubber token 503: the service answers 503", Scenario.AnyJson, async (start, json) =>
        {
            await using var service = await TokenServiceStandin.StartAsync(status: 503);
            await using var app = await start(Settings(json, service.Address));
            await IsUnavailableAsync(await app.Client.SendAsync(TokenRequest("u-7")));
        }),
        new("skubber token 503: the service is unreachable", Scenario.AnyJson, async (start, json) =>
        {
            await using var app = await start(Settings(json, LoopbackService.NobodyListening()));
            await IsUnavailableAsync(await app.Client.SendAsync(TokenRequest("u-7")));
        }),
    ];

    private static HttpRequestMessage TokenRequest(string? user) => Raw("/realtime/skubber-token", "", null, user);

    private static IReadOnlyDictionary<string, string?> Settings(string json, Uri service, params (string Key, string? Value)[] more) =>
        AppUnderTest.Settings(json, [("Apinator:Protocol", "HeaderCredentials"), ("Apinator:BaseAddress", service.ToString()), ("Apinator:Cluster", null), ("AotApp:Skubber", "true"), .. more]);

    private static async Task IsUnavailableAsync(HttpResponseMessage response)
    {
        await Answers.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
