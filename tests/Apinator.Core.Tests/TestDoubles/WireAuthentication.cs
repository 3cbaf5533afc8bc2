using System.Security.Cryptography;
using System.Text;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// Checks a recorded request's credentials the way the service would, re-implemented here from
/// PROTOCOL.md (not by calling the library's signers).
/// </summary>
internal static class WireAuthentication
{
    public static void AssertAuthenticated(RecordedRequest request, ApinatorProtocol protocol)
    {
        switch (protocol)
        {
            case ApinatorProtocol.Apinator:
                AssertApinator(request);
                break;
            case ApinatorProtocol.Pusher:
            case ApinatorProtocol.Sockudo:
                AssertPusher(request);
                break;
            case ApinatorProtocol.HeaderCredentials:
                AssertHeaderCredentials(request);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(protocol));
        }
    }

    /// <summary>The call's own query parameters: everything but the Pusher signature parameters.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CallParameters(RecordedRequest request) =>
        request.QueryParameters.Where(p => !p.Key.StartsWith("auth_", StringComparison.Ordinal) && p.Key != "body_md5").ToList();

    private static void AssertApinator(RecordedRequest request)
    {
        Assert.Equal(TestClient.Key, request.Header("X-Realtime-Key"));
        Assert.Equal(TestClient.Timestamp, request.Header("X-Realtime-Timestamp"));
        var bodyMd5 = request.Body is { Length: > 0 } body ? Md5Hex(body) : "";
        var stringToSign = $"{TestClient.Timestamp}\n{request.Method.Method}\n{request.Path}\n{bodyMd5}";
        Assert.Equal(HmacHex(stringToSign), request.Header("X-Realtime-Signature"));
        Assert.DoesNotContain(request.QueryParameters, p => p.Key.StartsWith("auth_", StringComparison.Ordinal));
        Assert.Null(request.Header("X-Api-Secret"));
    }

    private static void AssertPusher(RecordedRequest request)
    {
        var parameters = request.QueryParameters;
        Assert.Equal("auth_signature", parameters[^1].Key);
        var values = parameters.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(TestClient.Key, values["auth_key"]);
        Assert.Equal(TestClient.Timestamp, values["auth_timestamp"]);
        Assert.Equal("1.0", values["auth_version"]);
        if (request.Body is { Length: > 0 } body) Assert.Equal(Md5Hex(body), values["body_md5"]);
        else Assert.False(values.ContainsKey("body_md5"));

        var signed = string.Join("&", parameters
            .Where(p => p.Key != "auth_signature")
            .Select(p => KeyValuePair.Create(p.Key.ToLowerInvariant(), p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        Assert.Equal(HmacHex($"{request.Method.Method}\n{request.Path}\n{signed}"), values["auth_signature"]);
        Assert.Null(request.Header("X-Realtime-Signature"));
        Assert.Null(request.Header("X-Api-Secret"));
    }

    private static void AssertHeaderCredentials(RecordedRequest request)
    {
        Assert.Equal(TestClient.Key, request.Header("X-Api-Key"));
        Assert.Equal(TestClient.Secret, request.Header("X-Api-Secret"));
        Assert.DoesNotContain(request.QueryParameters, p => p.Key.StartsWith("auth_", StringComparison.Ordinal));
        Assert.Null(request.Header("X-Realtime-Signature"));
    }

    private static string HmacHex(string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestClient.Secret), Encoding.UTF8.GetBytes(stringToSign)));

#pragma warning disable CA5351 // The protocol's body digest is MD5.
    private static string Md5Hex(byte[] body) => Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351
}
