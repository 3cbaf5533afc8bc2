using Apinator.Sockudo;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Sockudo;

/// <summary>A Sockudo test client plus the checks shared by the Sockudo tests.</summary>
internal sealed class SockudoWire : IDisposable
{
    public SockudoWire(ApinatorProtocol protocol = ApinatorProtocol.Sockudo, Action<ApinatorOptions>? configure = null)
    {
        Test = new TestClient(protocol, configure);
        Extensions = new SockudoClient(Test.Client);
    }

    public TestClient Test { get; }

    public ISockudoExtensions Extensions { get; }

    public RecordingHttpMessageHandler Handler => Test.Handler;

    /// <summary>Method, authority, path, the call's own parameters in the order sent, exact body, and a valid Pusher-style signature.</summary>
    public static void AssertSent(RecordedRequest request, HttpMethod method, string path, string? body, params (string Key, string Value)[] callParameters)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal("http://localhost:6001", request.Uri.GetLeftPart(UriPartial.Authority));
        Assert.Equal(path, request.Path);
        Assert.Equal(callParameters.Select(p => KeyValuePair.Create(p.Key, p.Value)), WireAuthentication.CallParameters(request));
        if (body is null) Assert.Null(request.Body);
        else Assert.Equal(body, request.BodyText);
        WireAuthentication.AssertAuthenticated(request, ApinatorProtocol.Sockudo);
    }

    /// <summary>
    /// Answers <paramref name="call"/> with <paramref name="answer"/> (status 200) and checks that it was sent once and failed as an API
    /// error. <paramref name="validAnswer"/>, when given, is the answer it was made from: a mutation that changed nothing fails the test.
    /// </summary>
    public static async Task AssertMalformedAnswerFails(string answer, Func<ISockudoExtensions, Task> call, string? validAnswer = null)
    {
        Assert.NotEqual(validAnswer, answer);
        using var wire = new SockudoWire();
        wire.Handler.ResponseBody = answer;

        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => call(wire.Extensions));
        Assert.Equal(200, e.StatusCode);
        Assert.Single(wire.Handler.Requests);
    }

    /// <summary>
    /// Answers <paramref name="call"/> as Sockudo does when a feature is off for the channel (AppError::FeatureDisabled, written by
    /// sockudo/sockudo crates/sockudo-server/src/http_handler/errors.rs as 422 <c>{"error","code":"feature_disabled","status"}</c>)
    /// and checks that the call fails with Sockudo's message.
    /// </summary>
    public static async Task AssertFeatureDisabledFails(string message, Func<ISockudoExtensions, Task> call)
    {
        using var wire = new SockudoWire();
        wire.Handler.Status = System.Net.HttpStatusCode.UnprocessableEntity;
        wire.Handler.ResponseBody = System.Text.Json.JsonSerializer.Serialize(new { error = message, code = "feature_disabled", status = 422 });

        var e = await Assert.ThrowsAnyAsync<ApinatorException>(() => call(wire.Extensions));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    public static string BodyMd5(RecordedRequest request) => request.QueryParameters.Single(p => p.Key == "body_md5").Value;

    public void Dispose() => Test.Dispose();
}
