using System.Security.Cryptography;
using Apinator.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.Sockudo;

/// <summary>Sockudo signs webhooks as Pusher does; the Sockudo protocol verifies them that way.</summary>
public class SockudoWebhookTests
{
    [Fact]
    public void Sockudo_webhooks_are_verified_with_the_pusher_headers()
    {
        // sockudo/sockudo-http-node src/webhook.ts reads x-pusher-key and x-pusher-signature; src/token.ts signs the raw body
        // with HMAC-SHA256 of the secret, hex.
        var options = new ApinatorOptions { Protocol = ApinatorProtocol.Sockudo, Key = "aaaa", Secret = "tofu" };
        var verifier = new WebhookVerifier(options, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        var body = "{\"time_ms\":1700000000000,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"chat:room-1\"}]}"u8.ToArray();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData("tofu"u8, body));

        var good = verifier.Verify(new Dictionary<string, string> { ["X-Pusher-Key"] = "aaaa", ["X-Pusher-Signature"] = signature }, body);
        var bad = verifier.Verify(new Dictionary<string, string> { ["X-Pusher-Key"] = "aaaa", ["X-Pusher-Signature"] = new string('0', 64) }, body);

        Assert.Equal(WebhookVerificationFailure.None, good.Failure);
        Assert.NotEqual(WebhookVerificationFailure.None, bad.Failure);
    }
}
