using System.Buffers.Text;
using System.Text;
using Apinator.Skubber;

namespace Apinator.Tests.Skubber;

public sealed class JwtExpiryTests
{
    private static string Jwt(string claims) =>
        "eyJhbGciOiJIUzI1NiJ9." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + ".c2ln";

    [Fact]
    public void Reads_the_exp_claim_in_unix_seconds()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), JwtExpiry.Read(Jwt("""{"sub":"x","exp":1700003600}""")));
    }

    [Fact]
    public void Reads_a_fractional_exp()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_003_600_500), JwtExpiry.Read(Jwt("""{"exp":1700003600.5}""")));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("a..c")]
    [InlineData("a.!!!.c")]
    public void A_token_that_is_not_a_jwt_has_no_expiry(string token)
    {
        Assert.Null(JwtExpiry.Read(token));
    }

    [Theory]
    [InlineData("""{"sub":"x"}""")]
    [InlineData("""{"exp":"1700003600"}""")]
    [InlineData("""{"exp":-5}""")]
    [InlineData("""{"exp":1e300}""")]
    [InlineData("""[1700003600]""")]
    [InlineData("""{"exp":""")]
    public void A_payload_without_a_usable_exp_has_no_expiry(string claims)
    {
        Assert.Null(JwtExpiry.Read(Jwt(claims)));
    }
}
