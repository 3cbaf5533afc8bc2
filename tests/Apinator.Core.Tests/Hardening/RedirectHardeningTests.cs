using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 11: the standalone client never follows a redirect. Against real sockets: a server that
/// redirects every call to a second server, which must never see a request (HeaderCredentials
/// sends the secret itself in <c>X-Api-Secret</c>; following would hand it to the other host).
/// </summary>
public sealed class RedirectHardeningTests
{
    public static TheoryData<int> RedirectStatuses => new() { 301, 302, 303, 307, 308 };

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task Standalone_client_does_not_follow_a_redirect_and_reports_its_status(int status)
    {
        await using var target = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("{}"));
        await using var origin = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(target.Address, context.Request.Path + context.Request.QueryString).ToString();
            return Task.CompletedTask;
        });
        using var client = new ApinatorClient(new ApinatorOptions
        {
            AppId = TestClient.AppId,
            Key = TestClient.Key,
            Secret = TestClient.Secret,
            Protocol = ApinatorProtocol.HeaderCredentials,
            BaseAddress = origin.Address,
        });

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => client.TriggerAsync("chat", "e", "x"));

        Assert.Equal(status, error.StatusCode);
        Assert.DoesNotContain(TestClient.Secret, error.ToString(), StringComparison.Ordinal);
        var sent = Assert.Single(origin.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(TestClient.Secret, sent.Headers["X-Api-Secret"]);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public void The_primary_handler_does_not_follow_redirects()
    {
        using var handler = ApinatorClient.CreatePrimaryHandler();

        Assert.False(handler.AllowAutoRedirect);
    }
}
