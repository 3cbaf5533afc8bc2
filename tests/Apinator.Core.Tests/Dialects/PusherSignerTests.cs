using System.Text;
using Apinator.Dialects;
using Apinator.Tests.Conformance;

namespace Apinator.Tests.Dialects;

public class PusherSignerTests
{
    public static TheoryData<int, string> RestCases =>
        ConformanceVectors.PusherCaseRows("rest", c => $"{c.Text("method")} {c.Text("path")}");

    [Theory]
    [MemberData(nameof(RestCases))]
    public void CreateRequest_puts_the_node_sdk_query_on_the_url(int index, string label)
    {
        Assert.NotEmpty(label);
        var c = ConformanceVectors.PusherCases("rest")[index];
        var config = ConformanceVectors.PusherConfig;
        var factory = new PusherSigner(Options(config.Text("key"), config.Text("secret")));
        var parameters = c.GetProperty("params").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();

        using var request = factory.Create(new HttpMethod(c.Text("method")), c.Text("path"), parameters, Encoding.UTF8.GetBytes(c.Text("body")), c.GetProperty("timestamp").GetInt64());

        Assert.Equal(c.Text("path") + "?" + c.Text("expected_query"), request.RequestUri!.PathAndQuery);
    }

    [Theory]
    [InlineData("auth_signature")]
    [InlineData("AUTH_KEY")]
    [InlineData("body_md5")]
    public void A_call_parameter_cannot_override_the_signature_parameters(string name)
    {
        var factory = new PusherSigner(Options("key", "secret"));

        Assert.Throws<ApinatorValidationException>(() => factory.Create(HttpMethod.Get, "/apps/1/channels", [KeyValuePair.Create(name, "x")], default, 1));
    }

    private static ApinatorOptions Options(string key, string secret) =>
        new() { AppId = "1", Key = key, Secret = secret, BaseAddress = new Uri("http://127.0.0.1:6001"), Protocol = ApinatorProtocol.Pusher };
}
