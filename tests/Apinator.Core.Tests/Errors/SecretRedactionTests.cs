using System.Net;
using Apinator.Channels;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Errors;

/// <summary>The secret never reaches a message or a ToString(), even when a server echoes it back.</summary>
public class SecretRedactionTests
{
    private const string Secret = TestClient.Secret;

    private static void AssertNoSecret(string? text, string secret = Secret)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(Exception error, string secret = Secret)
    {
        AssertNoSecret(error.Message, secret);
        AssertNoSecret(error.ToString(), secret);
        if (error is ApinatorException { ResponseBody: { } body }) AssertNoSecret(body, secret);
    }

    [Fact]
    public void Options_ToString_redacts_every_secret()
    {
        var options = new ApinatorOptions
        {
            AppId = "app-1",
            Key = "app-key",
            Secret = Secret,
            WebhookSecret = "hook-Wombat-5531",
            EncryptionMasterKeyBase64 = TestClient.MasterKeyBase64,
            Cluster = "eu",
        };

        var text = options.ToString();

        AssertNoSecret(text);
        AssertNoSecret(text, "hook-Wombat-5531");
        AssertNoSecret(text, TestClient.MasterKeyBase64);
        Assert.Contains("app-key", text, StringComparison.Ordinal);
        Assert.Contains("app-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_built_from_a_url_do_not_show_the_secret()
    {
        var options = ApinatorOptions.FromUrl($"http://app-key:{Secret}@127.0.0.1:6001/apps/app-1", ApinatorProtocol.Pusher);

        AssertNoSecret(options.ToString());
        AssertNoSecret(options.BaseAddress!.ToString());
        AssertNoSecret(options.ResolveBaseAddress().ToString());
    }

    [Theory]
    [MemberData(nameof(RestCallTestsProtocols))]
    public void Client_ToString_does_not_show_the_secret(ApinatorProtocol protocol)
    {
        using var test = new TestClient(protocol);

        AssertNoSecret(test.Client.ToString());
        Assert.Contains("app-key", test.Client.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<ApinatorProtocol> RestCallTestsProtocols => Rest.RestCallTests.Protocols;

    [Fact]
    public void Client_built_from_a_url_does_not_show_the_secret()
    {
        var handler = new RecordingHttpMessageHandler();
        using var http = new HttpClient(handler);
        using var client = new ApinatorClient(http, ApinatorOptions.FromUrl($"http://app-key:{Secret}@127.0.0.1:6001/apps/app-1", ApinatorProtocol.Pusher));

        AssertNoSecret(client.ToString());
    }

    [Fact]
    public void ChannelAuthorization_ToString_hides_the_shared_secret()
    {
        using var test = new TestClient(configure: o => o.EncryptionMasterKeyBase64 = TestClient.MasterKeyBase64);

        var authorization = test.Client.AuthorizeChannel("1.2", "private-encrypted-vault");

        Assert.NotNull(authorization.SharedSecret);
        AssertNoSecret(authorization.ToString());
        AssertNoSecret(authorization.ToString(), authorization.SharedSecret);
        AssertNoSecret(authorization.ToString(), TestClient.MasterKeyBase64);
        Assert.Contains(authorization.Auth, authorization.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://app-key:" + Secret + "@127.0.0.1/apps/1")]
    [InlineData("http://app-key:" + Secret + "@127.0.0.1:6001/")]
    [InlineData("http://app-key:" + Secret + "@127.0.0.1:6001/apps")]
    [InlineData("http://app-key:" + Secret + "@127.0.0.1:6001/apps/1/more")]
    [InlineData("http://:" + Secret + "@127.0.0.1:6001/apps/1")]
    [InlineData("app-key:" + Secret + "@127.0.0.1/apps/1")]
    [InlineData("http://app-key:" + Secret + "@[::1/apps/1")]
    public void A_bad_url_error_does_not_show_the_secret(string url)
    {
        var error = Assert.Throws<ApinatorConfigurationException>(() => ApinatorOptions.FromUrl(url));

        AssertNoSecret(error);
    }

    [Fact]
    public void A_configuration_error_does_not_show_the_secret()
    {
        var options = new ApinatorOptions { Key = "k", Secret = Secret, Protocol = ApinatorProtocol.HeaderCredentials, BaseAddress = new Uri("http://example.com") };

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));

        AssertNoSecret(error);
        Assert.All(options.Validate(), m => AssertNoSecret(m));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task An_error_answer_echoing_the_secret_is_scrubbed(int status)
    {
        using var test = new TestClient(ApinatorProtocol.HeaderCredentials);
        test.Handler.Status = (HttpStatusCode)status;
        test.Handler.ResponseBody = $"{{\"title\":\"t\",\"detail\":\"bad secret {Secret} for app-key\",\"code\":\"c\"}}";

        var error = await Assert.ThrowsAnyAsync<ApinatorException>(() => test.Client.TriggerAsync("c", "e", "x"));

        AssertNoSecret(error);
        Assert.Equal("bad secret *** for app-key", error.Message);
    }

    [Fact]
    public async Task An_error_title_echoing_the_secret_is_scrubbed()
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.Unauthorized;
        test.Handler.ResponseBody = $"{{\"title\":\"wrong {Secret}\"}}";

        AssertNoSecret(await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => test.Client.GetChannelsAsync()));
    }

    [Fact]
    public async Task A_malformed_success_answer_echoing_the_secret_is_scrubbed()
    {
        using var test = new TestClient();
        test.Handler.ResponseBody = $"oops {Secret}";

        AssertNoSecret(await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetChannelsAsync()));
    }

    [Fact]
    public async Task A_network_failure_echoing_the_secret_is_scrubbed_from_the_message()
    {
        using var test = new TestClient();
        test.Handler.Respond = _ => throw new HttpRequestException($"proxy said {Secret}");

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => test.Client.GetChannelsAsync());

        AssertNoSecret(error.Message);
    }

    [Fact]
    public async Task Network_and_timeout_errors_do_not_show_the_secret()
    {
        using var failing = new TestClient(ApinatorProtocol.HeaderCredentials);
        failing.Handler.Respond = _ => throw new HttpRequestException("Connection refused");
        AssertNoSecret(await Assert.ThrowsAsync<ApinatorNetworkException>(() => failing.Client.TriggerAsync("c", "e", "x")));

        using var slow = new TestClient(ApinatorProtocol.HeaderCredentials, httpTimeout: TimeSpan.FromMilliseconds(100));
        slow.Handler.Respond = async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };
        AssertNoSecret(await Assert.ThrowsAsync<ApinatorNetworkException>(() => slow.Client.TriggerAsync("c", "e", "x")));
    }

    [Fact]
    public async Task Local_validation_errors_do_not_show_the_secret()
    {
        using var test = new TestClient();

        AssertNoSecret(await Assert.ThrowsAsync<ApinatorValidationException>(() => test.Client.TriggerAsync("c", "e", "x", new TriggerOptions { SocketId = "bad" })));
        AssertNoSecret(await Assert.ThrowsAsync<ApinatorEncryptionException>(() => test.Client.TriggerAsync("private-encrypted-a", "e", "x")));
        AssertNoSecret(Assert.Throws<ApinatorValidationException>(() => test.Client.AuthorizeChannel("1.1", "presence-a")));
        AssertNoSecret(Assert.Throws<ApinatorValidationException>(() => test.Client.AuthenticateUser("1.1", new UserData(""))));
    }
}
