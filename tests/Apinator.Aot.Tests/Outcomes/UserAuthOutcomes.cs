using System.Net;
using AotApp;
using static Apinator.Aot.Tests.Requests;

namespace Apinator.Aot.Tests.Outcomes;

/// <summary>User sign-in: the default user data, and every refusal.</summary>
internal static class UserAuthOutcomes
{
    public static IReadOnlyList<Outcome> All { get; } =
    [
        new("user auth 200: the default user data", async app =>
        {
            var grant = await Answers.IsJsonAsync(await app.Client.SendAsync(UserAuth("u-1", name: "Ada")));
            var userData = grant.GetProperty("user_data").GetString()!;
            Assert.Equal("""{"id":"u-1","name":"Ada"}""", userData);
            Assert.Equal(Signatures.UserAuth(SocketId, userData), grant.GetProperty("auth").GetString());
        }),
        new("user auth 400: invalid socket_id", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(UserAuth("u-1", socketId: "1.1::user::x")), HttpStatusCode.BadRequest)),
        new("user auth 400: malformed JSON", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Raw("/realtime/user-auth", "[", "application/json", "u-1")), HttpStatusCode.BadRequest)),
        new("user auth 401: anonymous", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(UserAuth(null)), HttpStatusCode.Unauthorized)),
        new("user auth 403: the user has no id", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(UserAuth("u-1", name: AotHost.UserWithoutId)), HttpStatusCode.Forbidden)),
        new("user auth 413: body too large", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(UserAuth("u-1", socketId: new string('1', 9000))), HttpStatusCode.RequestEntityTooLarge)),
        new("user auth 415: unsupported content type", async app =>
            await Answers.IsProblemAsync(await app.Client.SendAsync(Raw("/realtime/user-auth", "socket_id=1.2", "text/plain", "u-1")), HttpStatusCode.UnsupportedMediaType)),
        new("user auth 500: user data type missing from the app's context", async app =>
            await Answers.IsMisconfiguredAsync(app, await app.Client.SendAsync(UserAuth(AotHost.UserWithUnlistedData)), "NotInContext", "sign-in")),
    ];
}
