using System.Net;
using System.Text.Json.Serialization;
using Apinator.AspNetCore.Tests.Channels;
using Apinator.AspNetCore.Tests.Hosting;
using Apinator.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Http;

/// <summary>A type the test app's context knows.</summary>
public sealed record KnownInfo(string Name);

/// <summary>A type the test app forgot to add to its context.</summary>
public sealed record ForgottenInfo(string Name);

/// <summary>The test app's own source-generated context, as the README's AOT section has apps set it.</summary>
[JsonSerializable(typeof(KnownInfo))]
internal sealed partial class AppOwnJson : JsonSerializerContext;

/// <summary>
/// The endpoints with an app that set its own JSON context (reflection on here; the reflection-off
/// runs are in Apinator.Aot.Tests): the library's own types still serialize, and a type the app's
/// context lacks is a 500 problem that tells the caller nothing and the log what to add.
/// </summary>
public sealed class AppJsonContextTests
{
    private const string SocketId = "1234.5678";

    private static Task<TestApp> StartAsync(Action<ApinatorBuilder>? apinator = null, bool replaceHttpResolvers = false) => TestApp.StartAsync(
        apinator: a =>
        {
            a.AuthorizeChannel("private-chat", _ => true)
                .AuthorizePresenceChannel("presence-known", c => new PresenceMember(c.UserId!, new KnownInfo("Ada")))
                .AuthorizePresenceChannel("presence-forgotten", c => new PresenceMember(c.UserId!, new ForgottenInfo("Ada")));
            apinator?.Invoke(a);

            // An app whose context replaces every resolver of the HTTP JSON options, the library's
            // included (configured after AddApinator, so it runs last).
            if (replaceHttpResolvers) a.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolver = AppOwnJson.Default);
        },
        map: app =>
        {
            app.MapApinatorChannelAuth();
            app.MapApinatorUserAuth();
        },
        options: o => o.JsonSerializerOptions = AppOwnJson.Default.Options);

    [Fact]
    public async Task Default_user_data_signs_in_though_the_apps_context_lacks_its_dictionary()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Json, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7", name: "Ada"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Contains(ExpectedAuth.User(SocketId, """{"id":"u-7","name":"Ada"}"""), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_data_type_the_apps_context_lacks_is_a_generic_500_problem_and_a_log_naming_it()
    {
        await using var app = await StartAsync(a => a.WithUserData(u => new UserData("u-7", new ForgottenInfo("Ada"))));

        var response = await app.Client.SendAsync(AuthRequests.Create(BodyFormat.Json, "/realtime/user-auth", ("socket_id", SocketId)).As("u-7"));

        await IsGenericServerProblemAsync(response);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId == 12 && e.Message.Contains(nameof(ForgottenInfo), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_presence_info_type_the_apps_context_lacks_is_a_generic_500_problem_and_a_log_naming_it()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "presence-forgotten").As("u-7"));

        await IsGenericServerProblemAsync(response);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId == 11
            && e.Message.Contains(nameof(ForgottenInfo), StringComparison.Ordinal) && e.Message.Contains("presence-forgotten", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_presence_info_type_of_the_apps_context_is_signed()
    {
        await using var app = await StartAsync();

        var response = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "presence-known").As("u-7"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Contains("Ada", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_and_problems_are_answered_when_the_app_replaces_the_http_json_resolvers()
    {
        await using var app = await StartAsync(replaceHttpResolvers: true);

        var granted = await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-chat").As("u-7"));
        var text = await granted.Content.ReadAsStringAsync();
        Assert.True(granted.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)granted.StatusCode}: {text}");
        Assert.Contains(ExpectedAuth.Channel(SocketId, "private-chat"), text, StringComparison.Ordinal);

        await ProblemAssert.IsProblemAsync(await app.Client.SendAsync(AuthRequests.Channel(BodyFormat.Json, SocketId, "private-chat")), HttpStatusCode.Unauthorized);
    }

    private static async Task IsGenericServerProblemAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(nameof(ForgottenInfo), problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Json", problem.GetRawText(), StringComparison.Ordinal);
    }
}
