using System.Security.Cryptography;
using System.Text;
using Apinator.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.Webhooks;

/// <summary>The verifier returns the time a delivery states, and a time that is there but unusable is malformed, never clamped.</summary>
public class WebhookVerifierTimeTests
{
    private const string Key = "app-key";
    private const string Secret = "hook-secret";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static WebhookVerifier Verifier(ApinatorProtocol protocol, TimeSpan? maxAge) =>
        new(new ApinatorOptions { Protocol = protocol, Key = Key, Secret = Secret }, new FakeTimeProvider(Now)) { MaxAge = maxAge };

    private static string Hex(byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), data));

    private static WebhookVerificationResult VerifyApinator(string timestamp, TimeSpan? maxAge)
    {
        var body = "{\"event\":\"channel_occupied\",\"channel\":\"chat\"}"u8.ToArray();
        var headers = new Dictionary<string, string> { ["X-Realtime-Timestamp"] = timestamp, ["X-Realtime-Signature"] = Hex([.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]) };
        return Verifier(ApinatorProtocol.Apinator, maxAge).Verify(headers, body);
    }

    private static WebhookVerificationResult VerifyPusher(string timeMs, TimeSpan? maxAge, ApinatorProtocol protocol = ApinatorProtocol.Pusher)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"time_ms":{{timeMs}},"events":[{"name":"channel_vacated","channel":"c"}]}""");
        return Verifier(protocol, maxAge).Verify(new Dictionary<string, string> { ["X-Pusher-Key"] = Key, ["X-Pusher-Signature"] = Hex(body) }, body);
    }

    [Fact]
    public void An_apinator_delivery_returns_the_time_of_its_timestamp_header()
    {
        var result = VerifyApinator("1699999990", TimeSpan.FromMinutes(5));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_699_999_990), result.SentAt);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public void A_pusher_delivery_returns_its_signed_time_ms_even_without_an_age_check(ApinatorProtocol protocol)
    {
        var result = VerifyPusher("1699999999123", maxAge: null, protocol);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_699_999_999_123), result.SentAt);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("1.5")]
    [InlineData("253402300800")] // one second past 9999-12-31
    [InlineData("9223372036854775807")]
    public void An_unusable_apinator_timestamp_is_malformed_with_or_without_an_age_check(string timestamp)
    {
        Assert.Equal(WebhookVerificationFailure.Malformed, VerifyApinator(timestamp, TimeSpan.FromMinutes(5)).Failure);
        Assert.Equal(WebhookVerificationFailure.Malformed, VerifyApinator(timestamp, maxAge: null).Failure);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("\"soon\"")]
    [InlineData("1e30")]
    [InlineData("253402300800000")] // past 9999-12-31T23:59:59.999
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    public void An_unusable_time_ms_is_malformed_with_or_without_an_age_check(string timeMs)
    {
        var checkedAge = VerifyPusher(timeMs, TimeSpan.FromMinutes(5));
        var unchecked_ = VerifyPusher(timeMs, maxAge: null);

        Assert.Equal(WebhookVerificationFailure.Malformed, checkedAge.Failure);
        Assert.Equal(WebhookVerificationFailure.Malformed, unchecked_.Failure);
        Assert.Null(checkedAge.SentAt);
    }

    [Fact]
    public void The_last_representable_instant_is_a_time_not_clamped_into_one()
    {
        var result = VerifyPusher("253402300799999", maxAge: null);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(DateTimeOffset.MaxValue.ToUniversalTime().ToUnixTimeMilliseconds(), result.SentAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(WebhookVerificationFailure.FromTheFuture, VerifyPusher("253402300799999", TimeSpan.FromMinutes(5)).Failure);
    }

    [Fact]
    public void A_refused_delivery_states_no_time()
    {
        var result = VerifyPusher("1", TimeSpan.FromMinutes(5));

        Assert.Equal(WebhookVerificationFailure.Expired, result.Failure);
        Assert.Null(result.SentAt);
    }
}
