using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Apinator.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.Webhooks;

public class WebhookVerifierTests
{
    private const string Key = "app-key";
    private const string Secret = "hook-secret";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private static WebhookVerifier Verifier(ApinatorProtocol protocol, TimeSpan? maxAge = null) =>
        new(new ApinatorOptions { Protocol = protocol, Key = Key, Secret = Secret }, new FakeTimeProvider(Now)) { MaxAge = maxAge ?? MaxAge, AllowedClockSkew = Skew };

    private static string Hex(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    private static Dictionary<string, string> ApinatorHeaders(long timestamp, byte[] body, string secret = Secret)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        return new() { ["X-Realtime-Signature"] = Hex(secret, [.. Encoding.UTF8.GetBytes(ts + "."), .. body]), ["X-Realtime-Timestamp"] = ts };
    }

    private static Dictionary<string, string> PusherHeaders(byte[] body, string key = Key, string secret = Secret) =>
        new() { ["X-Pusher-Key"] = key, ["X-Pusher-Signature"] = Hex(secret, body) };

    private static byte[] PusherBody(DateTimeOffset time) =>
        Encoding.UTF8.GetBytes($"{{\"time_ms\":{time.ToUnixTimeMilliseconds()},\"events\":[{{\"name\":\"channel_vacated\",\"channel\":\"c\"}}]}}");

    private static readonly byte[] ApinatorBody = "{\"event\":\"channel_occupied\",\"channel\":\"chat\"}"u8.ToArray();

    public static TheoryData<int, WebhookVerificationFailure> ApinatorAges => new()
    {
        { 0, WebhookVerificationFailure.None },
        { -300, WebhookVerificationFailure.None }, // exactly MaxAge old
        { -301, WebhookVerificationFailure.Expired },
        { -86_400, WebhookVerificationFailure.Expired },
        { 30, WebhookVerificationFailure.None }, // exactly the allowed skew ahead
        { 31, WebhookVerificationFailure.FromTheFuture },
        { 86_400, WebhookVerificationFailure.FromTheFuture },
    };

    [Theory]
    [MemberData(nameof(ApinatorAges))]
    public void Apinator_deliveries_are_checked_against_max_age_and_clock_skew(int offsetSeconds, WebhookVerificationFailure expected)
    {
        var timestamp = Now.ToUnixTimeSeconds() + offsetSeconds;

        var result = Verifier(ApinatorProtocol.Apinator).Verify(ApinatorHeaders(timestamp, ApinatorBody), ApinatorBody);

        Assert.Equal(expected, result.Failure);
        Assert.Equal(expected == WebhookVerificationFailure.None, result.Message is null);
    }

    [Fact]
    public void Without_max_age_an_old_apinator_delivery_is_accepted()
    {
        var verifier = new WebhookVerifier(new ApinatorOptions { Key = Key, Secret = Secret }, new FakeTimeProvider(Now)) { MaxAge = null };

        Assert.True(verifier.Verify(ApinatorHeaders(1, ApinatorBody), ApinatorBody).IsValid);
    }

    [Fact]
    public void The_default_max_age_is_five_minutes()
    {
        var verifier = new WebhookVerifier(new ApinatorOptions { Key = Key, Secret = Secret }, new FakeTimeProvider(Now));

        Assert.True(verifier.Verify(ApinatorHeaders(Now.ToUnixTimeSeconds() - 299, ApinatorBody), ApinatorBody).IsValid);
        Assert.Equal(WebhookVerificationFailure.Expired, verifier.Verify(ApinatorHeaders(Now.ToUnixTimeSeconds() - 301, ApinatorBody), ApinatorBody).Failure);
    }

    [Fact]
    public void The_clock_is_the_time_provider_not_the_system_clock()
    {
        var time = new FakeTimeProvider(Now);
        var verifier = new WebhookVerifier(new ApinatorOptions { Key = Key, Secret = Secret }, time) { MaxAge = MaxAge };
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        Assert.True(verifier.Verify(headers, ApinatorBody).IsValid);

        time.Advance(MaxAge + TimeSpan.FromSeconds(1));

        Assert.Equal(WebhookVerificationFailure.Expired, verifier.Verify(headers, ApinatorBody).Failure);
    }

    [Theory]
    [InlineData("X-Realtime-Signature")]
    [InlineData("X-Realtime-Timestamp")]
    public void Apinator_deliveries_without_a_header_are_refused(string missing)
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        headers.Remove(missing);

        var result = Verifier(ApinatorProtocol.Apinator).Verify(headers, ApinatorBody);

        Assert.Equal(WebhookVerificationFailure.MissingHeader, result.Failure);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_apinator_delivery_with_a_tampered_body_is_refused()
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        var tampered = "{\"event\":\"channel_occupied\",\"channel\":\"chaT\"}"u8.ToArray();

        Assert.Equal(WebhookVerificationFailure.BadSignature, Verifier(ApinatorProtocol.Apinator).Verify(headers, tampered).Failure);
    }

    [Fact]
    public void An_apinator_delivery_signed_with_another_secret_is_refused()
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody, "other-secret");

        Assert.Equal(WebhookVerificationFailure.BadSignature, Verifier(ApinatorProtocol.Apinator).Verify(headers, ApinatorBody).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("sha256=")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_apinator_signature_is_refused(string signature)
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        headers["X-Realtime-Signature"] = signature;

        Assert.False(Verifier(ApinatorProtocol.Apinator).Verify(headers, ApinatorBody).IsValid);
    }

    [Fact]
    public void An_upper_case_hex_signature_is_accepted()
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        headers["X-Realtime-Signature"] = "SHA256=" + headers["X-Realtime-Signature"].ToUpperInvariant();

        Assert.True(Verifier(ApinatorProtocol.Apinator).Verify(headers, ApinatorBody).IsValid);
    }

    [Fact]
    public void A_signed_timestamp_that_is_not_unix_seconds_is_malformed()
    {
        var headers = new Dictionary<string, string> { ["X-Realtime-Timestamp"] = "soon", ["X-Realtime-Signature"] = Hex(Secret, [.. "soon."u8, .. ApinatorBody]) };

        Assert.Equal(WebhookVerificationFailure.Malformed, Verifier(ApinatorProtocol.Apinator).Verify(headers, ApinatorBody).Failure);
    }

    [Fact]
    public void The_apinator_webhook_secret_wins_over_the_app_secret()
    {
        var verifier = new WebhookVerifier(new ApinatorOptions { Key = Key, Secret = Secret, WebhookSecret = "separate" }, new FakeTimeProvider(Now));

        Assert.True(verifier.Verify(ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody, "separate"), ApinatorBody).IsValid);
        Assert.Equal(WebhookVerificationFailure.BadSignature, verifier.Verify(ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody), ApinatorBody).Failure);
    }

    [Fact]
    public void The_header_lookup_function_is_used_as_given()
    {
        var headers = ApinatorHeaders(Now.ToUnixTimeSeconds(), ApinatorBody);
        var asked = new List<string>();

        var result = Verifier(ApinatorProtocol.Apinator).Verify(name => { asked.Add(name); return headers.GetValueOrDefault(name); }, ApinatorBody);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("X-Realtime-Signature", asked);
        Assert.Contains("X-Realtime-Timestamp", asked);
    }

    public static TheoryData<int, WebhookVerificationFailure> PusherAges => new()
    {
        { 0, WebhookVerificationFailure.None },
        { -300_000, WebhookVerificationFailure.None },
        { -300_001, WebhookVerificationFailure.Expired },
        { 30_000, WebhookVerificationFailure.None },
        { 30_001, WebhookVerificationFailure.FromTheFuture },
    };

    [Theory]
    [MemberData(nameof(PusherAges))]
    public void Pusher_max_age_is_read_from_the_signed_time_ms(int offsetMilliseconds, WebhookVerificationFailure expected)
    {
        var body = PusherBody(Now.AddMilliseconds(offsetMilliseconds));

        Assert.Equal(expected, Verifier(ApinatorProtocol.Pusher).Verify(PusherHeaders(body), body).Failure);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public void Pusher_style_deliveries_for_another_key_are_refused(ApinatorProtocol protocol)
    {
        var body = PusherBody(Now);

        var result = Verifier(protocol).Verify(PusherHeaders(body, key: "other-key"), body);

        Assert.Equal(WebhookVerificationFailure.WrongKey, result.Failure);
    }

    [Theory]
    [InlineData("X-Pusher-Key")]
    [InlineData("X-Pusher-Signature")]
    public void Pusher_deliveries_without_a_header_are_refused(string missing)
    {
        var body = PusherBody(Now);
        var headers = PusherHeaders(body);
        headers.Remove(missing);

        var result = Verifier(ApinatorProtocol.Pusher).Verify(headers, body);

        Assert.Equal(WebhookVerificationFailure.MissingHeader, result.Failure);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pusher_delivery_with_a_tampered_body_is_refused()
    {
        var body = PusherBody(Now);
        var headers = PusherHeaders(body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("channel_vacated", "channel_occupied", StringComparison.Ordinal));

        Assert.Equal(WebhookVerificationFailure.BadSignature, Verifier(ApinatorProtocol.Pusher).Verify(headers, tampered).Failure);
    }

    [Fact]
    public void Pusher_header_names_are_looked_up_case_insensitively()
    {
        var body = PusherBody(Now);
        var headers = new Dictionary<string, string> { ["x-pusher-key"] = Key, ["X-PUSHER-SIGNATURE"] = Hex(Secret, body) };

        Assert.True(Verifier(ApinatorProtocol.Pusher).Verify(headers, body).IsValid);
    }

    [Fact]
    public void A_pusher_body_without_time_ms_cannot_be_age_checked()
    {
        var body = "{\"events\":[]}"u8.ToArray();

        Assert.Equal(WebhookVerificationFailure.Malformed, Verifier(ApinatorProtocol.Pusher).Verify(PusherHeaders(body), body).Failure);
        var withoutMaxAge = new WebhookVerifier(new ApinatorOptions { Protocol = ApinatorProtocol.Pusher, Key = Key, Secret = Secret }) { MaxAge = null };
        Assert.True(withoutMaxAge.Verify(PusherHeaders(body), body).IsValid);
    }

    [Fact]
    public void A_signed_pusher_body_that_is_not_json_is_malformed()
    {
        var body = "not json"u8.ToArray();

        Assert.Equal(WebhookVerificationFailure.Malformed, Verifier(ApinatorProtocol.Pusher).Verify(PusherHeaders(body), body).Failure);
    }

    [Fact]
    public void A_verifier_needs_a_secret()
    {
        Assert.Throws<ApinatorConfigurationException>(() => new WebhookVerifier(new ApinatorOptions { Key = Key }));
    }
}
