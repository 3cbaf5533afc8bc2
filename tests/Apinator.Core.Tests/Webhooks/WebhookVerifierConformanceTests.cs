using System.Text;
using System.Text.Json;
using Apinator.Tests.Conformance;
using Apinator.Webhooks;

namespace Apinator.Tests.Webhooks;

public class WebhookVerifierConformanceTests
{
    private const string File = ConformanceVectors.ApinatorWebhookSignatureFile;

    public static TheoryData<string> ApinatorCases => ConformanceVectors.CaseNames(File);

    public static TheoryData<string, string, string, string> ApinatorCasesWithHeaderSpellings()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var name in ConformanceVectors.CaseNameList(File))
        {
            data.Add(name, "X-Realtime-Signature", "X-Realtime-Timestamp", "");
            data.Add(name, "x-realtime-signature", "x-realtime-timestamp", "");
            data.Add(name, "X-REALTIME-SIGNATURE", "X-REALTIME-TIMESTAMP", "");
            data.Add(name, "X-Realtime-Signature", "X-Realtime-Timestamp", "sha256=");
            data.Add(name, "x-realtime-signature", "x-realtime-timestamp", "sha256=");
        }

        return data;
    }

    public static TheoryData<int, string> PusherWebhooks => ConformanceVectors.PusherCaseRows("webhook", c => "valid_per_node_sdk: " + (c.GetProperty("valid_per_node_sdk").GetBoolean() ? "true" : "false"));

    private static WebhookVerifier ApinatorVerifier(string secret) =>
        new(new ApinatorOptions { Protocol = ApinatorProtocol.Apinator, Key = "app-key", Secret = "not-the-webhook-secret", WebhookSecret = secret }) { MaxAge = null };

    [Theory]
    [MemberData(nameof(ApinatorCasesWithHeaderSpellings))]
    public void The_vector_signature_verifies(string caseName, string signatureHeader, string timestampHeader, string prefix)
    {
        var c = ConformanceVectors.NamedCase(File, caseName);
        var headers = new Dictionary<string, string>
        {
            [signatureHeader] = prefix + c.Text("expected_signature"),
            [timestampHeader] = c.Text("timestamp"),
        };

        var result = ApinatorVerifier(c.Text("secret")).Verify(headers, Encoding.UTF8.GetBytes(c.Text("body")));

        Assert.True(result.IsValid, result.Message);
        Assert.Null(result.Message);
    }

    [Theory]
    [MemberData(nameof(ApinatorCases))]
    public void The_vector_signature_does_not_verify_a_changed_body_timestamp_or_secret(string caseName)
    {
        var c = ConformanceVectors.NamedCase(File, caseName);
        var body = Encoding.UTF8.GetBytes(c.Text("body"));
        var timestamp = c.Text("timestamp");
        Dictionary<string, string> Headers(string ts) => new() { ["X-Realtime-Signature"] = c.Text("expected_signature"), ["X-Realtime-Timestamp"] = ts };

        Assert.Equal(WebhookVerificationFailure.BadSignature, ApinatorVerifier(c.Text("secret")).Verify(Headers(timestamp), [.. body, (byte)' ']).Failure);
        Assert.Equal(WebhookVerificationFailure.BadSignature, ApinatorVerifier(c.Text("secret")).Verify(Headers(timestamp + "1"), body).Failure);
        Assert.Equal(WebhookVerificationFailure.BadSignature, ApinatorVerifier(c.Text("secret") + "x").Verify(Headers(timestamp), body).Failure);
    }

    private static WebhookVerifier PusherVerifier(string secret) =>
        new(new ApinatorOptions { Protocol = ApinatorProtocol.Pusher, Key = ConformanceVectors.PusherConfig.Text("key"), Secret = secret }) { MaxAge = null };

    private static KeyValuePair<string, string>[] Headers(JsonElement c) =>
        c.GetProperty("headers").EnumerateObject().Select(h => KeyValuePair.Create(h.Name, h.Value.GetString()!)).ToArray();

    /// <remarks>
    /// <c>valid_per_node_sdk</c> is false for a reason outside the signature: the generator handed the
    /// Node SDK's <c>webhook()</c> these capitalised header names and no <c>Content-Type</c>, while it
    /// reads <c>headers["x-pusher-key"]</c> and only parses <c>application/json</c> bodies. The
    /// signature is HMAC-SHA256(config.secret, body) under config.key, exactly what Pusher and Soketi
    /// send, so a header-case-insensitive verifier must accept it; refusing it would refuse every real
    /// delivery. What must be refused is any change to body, secret or key.
    /// </remarks>
    [Theory]
    [MemberData(nameof(PusherWebhooks))]
    public void The_pusher_vector_signature_is_checked_over_the_raw_body(int index, string label)
    {
        var c = ConformanceVectors.PusherCases("webhook")[index];
        var headers = Headers(c);
        var body = Encoding.UTF8.GetBytes(c.Text("body"));
        Assert.NotEmpty(label);
        Assert.DoesNotContain(headers, h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        Assert.All(headers, h => Assert.NotEqual(h.Key.ToLowerInvariant(), h.Key));

        var genuine = PusherVerifier(ConformanceVectors.PusherConfig.Text("secret")).Verify(headers, body);
        var tampered = PusherVerifier(ConformanceVectors.PusherConfig.Text("secret")).Verify(headers, [.. body[..^1], (byte)' ', .. body[^1..]]);
        var otherSecret = PusherVerifier(ConformanceVectors.PusherConfig.Text("secret") + "x").Verify(headers, body);

        Assert.True(genuine.IsValid, genuine.Message);
        Assert.Equal(WebhookVerificationFailure.BadSignature, tampered.Failure);
        Assert.Equal(WebhookVerificationFailure.BadSignature, otherSecret.Failure);
    }

    [Theory]
    [MemberData(nameof(PusherWebhooks))]
    public void The_pusher_vector_under_another_app_key_is_refused(int index, string label)
    {
        Assert.NotEmpty(label);
        var c = ConformanceVectors.PusherCases("webhook")[index];
        var verifier = new WebhookVerifier(new ApinatorOptions { Protocol = ApinatorProtocol.Pusher, Key = "another-key", Secret = ConformanceVectors.PusherConfig.Text("secret") }) { MaxAge = null };

        Assert.Equal(WebhookVerificationFailure.WrongKey, verifier.Verify(Headers(c), Encoding.UTF8.GetBytes(c.Text("body"))).Failure);
    }

    [Theory]
    [MemberData(nameof(PusherWebhooks))]
    public void The_pusher_vector_verifies_with_lower_case_header_names(int index, string label)
    {
        Assert.NotEmpty(label);
        var c = ConformanceVectors.PusherCases("webhook")[index];
        var lower = Headers(c).Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), h.Value));

        Assert.True(PusherVerifier(ConformanceVectors.PusherConfig.Text("secret")).Verify(lower, Encoding.UTF8.GetBytes(c.Text("body"))).IsValid);
    }
}
