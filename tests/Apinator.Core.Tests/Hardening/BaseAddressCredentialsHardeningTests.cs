using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 11: credentials in <see cref="ApinatorOptions.BaseAddress"/> (<c>http://key:secret@host</c>)
/// are refused at validation, pointing to <see cref="ApinatorOptions.FromUrl"/>, and never shown.
/// </summary>
public sealed class BaseAddressCredentialsHardeningTests
{
    /// <summary>Distinct from <see cref="TestClient.Secret"/>, so a leak of the address itself is caught.</summary>
    private const string UrlPassword = "Url-Pa55word-Otter-4412";

    public static TheoryData<string> AddressesWithCredentials => new()
    {
        $"http://app-key:{UrlPassword}@127.0.0.1:6001",
        $"https://app-key:{UrlPassword}@realtime.example.com",
        $"https://app-key:{UrlPassword}@realtime.example.com/apps/app-1",
        $"http://{UrlPassword}@127.0.0.1:6001",
    };

    private static ApinatorOptions OptionsWith(string address, ApinatorProtocol protocol = ApinatorProtocol.Pusher)
    {
        var options = TestClient.OptionsFor(protocol);
        options.BaseAddress = new Uri(address);
        return options;
    }

    [Theory]
    [MemberData(nameof(AddressesWithCredentials))]
    public void Validate_refuses_credentials_in_the_address_and_names_FromUrl(string address)
    {
        var errors = OptionsWith(address).Validate();

        var error = Assert.Single(errors);
        Assert.Contains("Apinator:BaseAddress", error, StringComparison.Ordinal);
        Assert.Contains("FromUrl", error, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlPassword, error, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.Secret, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.HeaderCredentials)]
    public void The_standalone_client_refuses_credentials_in_the_address(ApinatorProtocol protocol)
    {
        var options = OptionsWith($"https://app-key:{UrlPassword}@realtime.example.com", protocol);

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(options));

        Assert.Contains("FromUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlPassword, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_over_an_own_HttpClient_refuses_credentials_in_the_address_too()
    {
        using var http = new HttpClient(new RecordingHttpMessageHandler());

        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(http, OptionsWith($"http://app-key:{UrlPassword}@127.0.0.1:6001")));

        Assert.Contains("FromUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AddressesWithCredentials))]
    public void ToString_of_unvalidated_options_does_not_show_the_address_credentials(string address)
    {
        var shown = OptionsWith(address).ToString();

        Assert.DoesNotContain(UrlPassword, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.Secret, shown, StringComparison.Ordinal);
        Assert.Contains(new Uri(address).Host, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void FromUrl_is_the_way_to_configure_from_such_a_url()
    {
        var options = ApinatorOptions.FromUrl($"http://app-key:{UrlPassword}@127.0.0.1:6001/apps/app-1", ApinatorProtocol.Pusher);

        Assert.Empty(options.Validate());
        Assert.Equal(UrlPassword, options.Secret);
        Assert.Equal("", options.BaseAddress!.UserInfo);
        Assert.DoesNotContain(UrlPassword, options.ToString(), StringComparison.Ordinal);
        using var client = new ApinatorClient(options);
        Assert.DoesNotContain(UrlPassword, client.ToString(), StringComparison.Ordinal);
    }
}
