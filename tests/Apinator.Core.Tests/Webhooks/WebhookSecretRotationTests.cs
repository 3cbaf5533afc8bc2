using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Apinator.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.Webhooks;

public class WebhookSecretRotationTests
{
    private const string Key = "app-key";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static WebhookVerifier Verifier(ApinatorProtocol protocol) => new(new ApinatorOptions
    {
        Protocol = protocol,
        Key = Key,
        Secret = "app-secret",
        WebhookSecret = "new",
        PreviousWebhookSecrets = ["old", "older"],
    }, new FakeTimeProvider(Now));

    private static string Hex(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    private static WebhookVerificationResult Deliver(WebhookVerifier verifier, ApinatorProtocol protocol, string secret)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"time_ms\":{Now.ToUnixTimeMilliseconds()},\"events\":[{{\"name\":\"channel_vacated\",\"channel\":\"c\"}}]}}");
        if (protocol == ApinatorProtocol.Pusher)
        {
            return verifier.Verify(new Dictionary<string, string> { ["X-Pusher-Key"] = Key, ["X-Pusher-Signature"] = Hex(secret, body) }, body);
        }

        var ts = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return verifier.Verify(new Dictionary<string, string> { ["X-Realtime-Timestamp"] = ts, ["X-Realtime-Signature"] = Hex(secret, [.. Encoding.UTF8.GetBytes(ts + "."), .. body]) }, body);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher, "new", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Pusher, "old", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Pusher, "older", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Pusher, "app-secret", WebhookVerificationFailure.BadSignature)]
    [InlineData(ApinatorProtocol.Pusher, "oldest", WebhookVerificationFailure.BadSignature)]
    [InlineData(ApinatorProtocol.Apinator, "new", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Apinator, "old", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Apinator, "older", WebhookVerificationFailure.None)]
    [InlineData(ApinatorProtocol.Apinator, "app-secret", WebhookVerificationFailure.BadSignature)]
    [InlineData(ApinatorProtocol.Apinator, "oldest", WebhookVerificationFailure.BadSignature)]
    public void The_current_and_the_previous_webhook_secrets_are_accepted(ApinatorProtocol protocol, string signedWith, WebhookVerificationFailure expected)
    {
        Assert.Equal(expected, Deliver(Verifier(protocol), protocol, signedWith).Failure);
    }

    [Fact]
    public void An_empty_previous_secret_is_a_configuration_error()
    {
        var options = new ApinatorOptions { Key = Key, Secret = "s", PreviousWebhookSecrets = [""] };
        var e = Assert.Throws<ApinatorConfigurationException>(() => new WebhookVerifier(options));
        Assert.Contains("PreviousWebhookSecrets", e.Message, StringComparison.Ordinal);
    }
}
