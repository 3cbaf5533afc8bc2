using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Hardening;

/// <summary>
/// Issue 11: the <see cref="IApinator"/> registered by <c>AddApinator</c> never follows a redirect
/// either (its primary handler is <see cref="ApinatorClient.CreatePrimaryHandler"/>). Real sockets:
/// the redirect target must never see a request, so <c>X-Api-Secret</c> never leaves for it.
/// </summary>
public sealed class DiRedirectHardeningTests
{
    private const string Secret = "s3cr3t-Heron-5520-Ibex";

    public static TheoryData<int> RedirectStatuses => new() { 301, 302, 303, 307, 308 };

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task The_registered_client_does_not_follow_a_redirect_and_reports_its_status(int status)
    {
        await using var target = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("{}"));
        await using var origin = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(target.Address, context.Request.Path + context.Request.QueryString).ToString();
            return Task.CompletedTask;
        });
        var services = new ServiceCollection().AddLogging();
        services.AddApinator(o =>
        {
            o.AppId = "app-1";
            o.Key = "app-key";
            o.Secret = Secret;
            o.Protocol = ApinatorProtocol.HeaderCredentials;
            o.BaseAddress = origin.Address;
        });
        await using var provider = services.BuildServiceProvider();
        var apinator = provider.GetRequiredService<IApinator>();

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => apinator.TriggerAsync("chat", "e", "x"));

        Assert.Equal(status, error.StatusCode);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        var sent = Assert.Single(origin.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(Secret, sent.Headers["X-Api-Secret"]);
        Assert.Empty(target.Requests);
    }
}
