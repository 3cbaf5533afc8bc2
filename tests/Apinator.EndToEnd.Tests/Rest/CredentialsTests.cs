using Apinator.EndToEnd.Hosting;
using MinimalApi.LocalServer;

namespace Apinator.EndToEnd.Rest;

[Collection(EndToEndCollection.Name)]
public class CredentialsTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_wrong_secret_is_refused_by_Soketi_as_an_authentication_error()
    {
        using var client = new ApinatorClient(new ApinatorOptions
        {
            AppId = SoketiProcess.AppId,
            Key = SoketiProcess.AppKey,
            Secret = "wrong",
            BaseAddress = fixture.Soketi.BaseAddress,
            Protocol = ApinatorProtocol.Pusher,
        });

        var error = await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => client.TriggerAsync(EndToEndFixture.UniqueName("e2e-wrong"), "never", new { }));

        Assert.Equal(401, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Message));
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }
}
