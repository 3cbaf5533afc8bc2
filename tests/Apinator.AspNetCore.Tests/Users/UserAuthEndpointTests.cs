using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;

namespace Apinator.AspNetCore.Tests.Users;

public sealed class UserAuthEndpointTests
{
    private const string SocketId = "4321.8765";

    private static Task<TestApp> StartAsync(Func<ClaimsPrincipal, UserData?>? map = null) => TestApp.StartAsync(
        apinator: a => { if (map is not null) a.WithUserData(map); },
        map: app => app.MapApinatorUserAuth());

    private static async Task<(string Auth, string UserData)> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["auth", "user_data"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return (document.RootElement.GetProperty("auth").GetString()!, document.RootElement.GetProperty("user_data").GetString()!);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Default_mapping_signs_the_principals_id_and_name(BodyFormat format)
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Create(format, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7", name: "Ada Lovelace"));

        var (auth, userData) = await OkAsync(response);
        Assert.Equal("""{"id":"u-7","name":"Ada Lovelace"}""", userData);
        Assert.Equal(ExpectedAuth.User(SocketId, userData), auth);
    }

    [Fact]
    public async Task User_data_fields_sent_by_the_browser_are_ignored()
    {
        await using var app = await StartAsync();
        var request = AuthRequests.Create(BodyFormat.Form, "/realtime/user-auth",
            ("socket_id", SocketId), ("user_data", """{"id":"admin"}"""), ("id", "admin")).As("u-7");

        var (auth, userData) = await OkAsync(await app.Client.SendAsync(request));

        Assert.Equal("""{"id":"u-7","name":"u-7"}""", userData);
        Assert.Equal(ExpectedAuth.User(SocketId, userData), auth);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Custom_mapping_decides_the_user_data(BodyFormat format)
    {
        await using var app = await StartAsync(user => new UserData(
            "user-" + user.FindFirstValue(ClaimTypes.NameIdentifier),
            new { email = user.FindFirstValue(ClaimTypes.Email), watchlist = new[] { "u-2", "u-3" } }));

        var response = await app.Client.SendAsync(AuthRequests.Create(format, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7", email: "ada@example.com"));

        var (auth, userData) = await OkAsync(response);
        Assert.Equal("""{"id":"user-u-7","email":"ada@example.com","watchlist":["u-2","u-3"]}""", userData);
        Assert.Equal(ExpectedAuth.User(SocketId, userData), auth);
    }

    [Theory]
    [InlineData(BodyFormat.Json)]
    [InlineData(BodyFormat.Form)]
    public async Task Anonymous_request_is_a_401_problem(BodyFormat format)
    {
        var mapped = false;
        await using var app = await StartAsync(_ => { mapped = true; return new UserData("x"); });

        var response = await app.Client.SendAsync(AuthRequests.Create(format, "/realtime/user-auth", ("socket_id", SocketId)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(mapped);
    }

    [Theory]
    [InlineData(BodyFormat.Json, "1.1::user::{\"id\":\"admin\"}")]
    [InlineData(BodyFormat.Form, "abc")]
    [InlineData(BodyFormat.Json, "")]
    [InlineData(BodyFormat.Form, "1.1 ")]
    public async Task Malformed_socket_id_is_a_400_problem(BodyFormat format, string socketId)
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Create(format, "/realtime/user-auth", ("socket_id", socketId)).As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Missing_socket_id_is_a_400_problem()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Raw("/realtime/user-auth", "{}", "application/json").As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Mapping_that_returns_null_is_a_403_problem()
    {
        await using var app = await StartAsync(user => user.FindFirstValue(ClaimTypes.Email) is { } email ? new UserData(email) : null);

        var refused = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Json, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7"));
        var allowed = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Json, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7", email: "a@b.c"));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("""{"id":"a@b.c"}""", (await OkAsync(allowed)).UserData);
    }

    [Fact]
    public async Task Mapping_that_returns_an_empty_id_is_a_403_problem()
    {
        await using var app = await StartAsync(_ => new UserData(""));

        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Json, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task Other_content_types_are_a_415_problem(string? contentType)
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Raw("/realtime/user-auth", "socket_id=1.1", contentType).As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Body_over_8_KiB_is_a_413_problem()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Form, "/realtime/user-auth", ("socket_id", SocketId), ("pad", new string('x', 9000))).As("u-7"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }
}
