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

    public static string BodyMd5(RecordedRequest request) => request.QueryParameters.Single(p => p.Key == "body_md5").Value;

    public void Dispose() => Test.Dispose();
}
