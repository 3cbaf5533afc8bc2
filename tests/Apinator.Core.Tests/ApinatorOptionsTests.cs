namespace Apinator.Tests;

public class ApinatorOptionsTests
{
    private static ApinatorOptions Valid() => new() { AppId = "app-1", Key = "app-key", Secret = "app-secret", Cluster = "eu" };

    [Fact]
    public void Complete_options_have_no_problem()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Empty_options_name_every_missing_setting()
    {
        var errors = new ApinatorOptions().Validate();

        Assert.Contains(errors, e => e.Contains("Apinator:AppId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Apinator:Key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Apinator:Secret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Apinator:Cluster", StringComparison.Ordinal) && e.Contains("Apinator:BaseAddress", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    public static TheoryData<string, string> MissingSettings => new()
    {
        { "AppId", "Apinator:AppId" },
        { "Key", "Apinator:Key" },
        { "Secret", "Apinator:Secret" },
        { "Cluster", "Apinator:Cluster or Apinator:BaseAddress" },
    };

    [Theory]
    [MemberData(nameof(MissingSettings))]
    public void One_missing_setting_gives_one_message_naming_it(string setting, string expected)
    {
        var options = Valid();
        switch (setting)
        {
            case "AppId": options.AppId = ""; break;
            case "Key": options.Key = " "; break;
            case "Secret": options.Secret = ""; break;
            default: options.Cluster = null; break;
        }

        var error = Assert.Single(options.Validate());

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("e u")]
    [InlineData("eu.evil.com/x")]
    public void A_cluster_that_is_not_a_host_label_is_refused(string cluster)
    {
        var options = Valid();
        options.Cluster = cluster;

        Assert.Contains("Apinator:Cluster", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.com", false)]
    [InlineData("http://10.0.0.5:6001", false)]
    [InlineData("http://127.0.0.1:6001", true)]
    [InlineData("http://localhost:6001", true)]
    [InlineData("http://[::1]:6001", true)]
    [InlineData("https://example.com", true)]
    public void Header_credentials_over_plain_http_are_only_allowed_to_loopback(string address, bool allowed)
    {
        var options = Valid();
        options.Protocol = ApinatorProtocol.HeaderCredentials;
        options.BaseAddress = new Uri(address);

        var errors = options.Validate();

        if (allowed)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains("https://", Assert.Single(errors), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    public void Signing_protocols_may_use_plain_http_anywhere(ApinatorProtocol protocol)
    {
        var options = Valid();
        options.Protocol = protocol;
        options.BaseAddress = new Uri("http://example.com");

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Header_credentials_need_a_base_address()
    {
        var options = Valid();
        options.Protocol = ApinatorProtocol.HeaderCredentials;

        Assert.Contains("Apinator:BaseAddress", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")] // 16 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 33 bytes
    [InlineData("not base64 at all")]
    public void A_master_key_that_is_not_32_bytes_is_refused(string masterKey)
    {
        var options = Valid();
        options.EncryptionMasterKeyBase64 = masterKey;

        Assert.Contains("Apinator:EncryptionMasterKeyBase64", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_key_of_32_bytes_is_accepted()
    {
        var options = Valid();
        options.EncryptionMasterKeyBase64 = Convert.ToBase64String(new byte[32]);

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Limits_and_timeout_must_be_positive()
    {
        var options = Valid();
        options.Timeout = TimeSpan.Zero;
        options.MaxDataBytes = 0;
        options.MaxChannelsPerTrigger = -1;
        options.MaxBatchSize = 0;
        options.MaxEventNameLength = 0;

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        foreach (var setting in new[] { "Timeout", "MaxDataBytes", "MaxChannelsPerTrigger", "MaxBatchSize", "MaxEventNameLength" })
        {
            Assert.Contains(errors, e => e.Contains("Apinator:" + setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_undefined_protocol_is_refused()
    {
        var options = Valid();
        options.Protocol = (ApinatorProtocol)7;

        Assert.Contains("Apinator:Protocol", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_or_non_http_base_address_is_refused()
    {
        var options = Valid();
        options.BaseAddress = new Uri("ftp://example.com");

        Assert.Contains("Apinator:BaseAddress", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void FromUrl_parses_a_pusher_style_url()
    {
        var options = ApinatorOptions.FromUrl("http://key:secret@127.0.0.1:6001/apps/app-id", ApinatorProtocol.Pusher);

        Assert.Equal("key", options.Key);
        Assert.Equal("secret", options.Secret);
        Assert.Equal("app-id", options.AppId);
        Assert.Equal(new Uri("http://127.0.0.1:6001"), options.BaseAddress);
        Assert.Equal("http://127.0.0.1:6001/", options.BaseAddress!.ToString());
        Assert.Equal(ApinatorProtocol.Pusher, options.Protocol);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void FromUrl_unescapes_the_credentials_and_keeps_https_and_the_default_protocol()
    {
        var options = ApinatorOptions.FromUrl("https://my%20key:p%40ss%3Aword@api.example.com/apps/42/");

        Assert.Equal("my key", options.Key);
        Assert.Equal("p@ss:word", options.Secret);
        Assert.Equal("42", options.AppId);
        Assert.Equal("https://api.example.com/", options.BaseAddress!.ToString());
        Assert.Equal(ApinatorProtocol.Apinator, options.Protocol);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/apps/1")]
    [InlineData("ftp://k:s@host/apps/1")]
    [InlineData("http://host/apps/1")]
    [InlineData("http://k@host/apps/1")]
    [InlineData("http://k:@host/apps/1")]
    [InlineData("http://:s@host/apps/1")]
    [InlineData("http://k:s@host")]
    [InlineData("http://k:s@host/apps")]
    [InlineData("http://k:s@host/apps/")]
    [InlineData("http://k:s@host/apps/1/events")]
    [InlineData("http://k:s@host/applications/1")]
    public void FromUrl_refuses_a_malformed_url(string url)
    {
        Assert.Throws<ApinatorConfigurationException>(() => ApinatorOptions.FromUrl(url));
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator, "https://ws-eu.apinator.io/")]
    [InlineData(ApinatorProtocol.Pusher, "https://api-eu.pusher.com/")]
    public void The_cluster_gives_the_protocol_host(ApinatorProtocol protocol, string expected)
    {
        var options = Valid();
        options.Protocol = protocol;

        Assert.Equal(expected, options.ResolveBaseAddress().ToString());
    }

    [Fact]
    public void The_base_address_wins_over_the_cluster()
    {
        var options = Valid();
        options.BaseAddress = new Uri("http://127.0.0.1:6001");

        Assert.Equal(new Uri("http://127.0.0.1:6001"), options.ResolveBaseAddress());
    }

    [Fact]
    public void The_standalone_client_refuses_bad_options_naming_the_setting()
    {
        var error = Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(new ApinatorOptions { Key = "k", Secret = "s", Cluster = "eu" }));

        Assert.Contains("Apinator:AppId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_over_an_http_client_refuses_bad_options()
    {
        using var http = new HttpClient();
        var options = Valid();
        options.Protocol = ApinatorProtocol.HeaderCredentials;
        options.BaseAddress = new Uri("http://example.com");

        Assert.Throws<ApinatorConfigurationException>(() => new ApinatorClient(http, options));
    }

    [Fact]
    public void The_standalone_client_accepts_good_options()
    {
        using var client = new ApinatorClient(Valid());

        Assert.Contains("https://ws-eu.apinator.io", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_keeps_its_own_copy_of_the_options()
    {
        var options = Valid();
        using var client = new ApinatorClient(options);

        options.AppId = "changed";

        Assert.Contains("AppId = app-1", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_follow_the_protocol_limits()
    {
        var options = new ApinatorOptions();

        Assert.Equal(ApinatorProtocol.Apinator, options.Protocol);
        Assert.Equal(10_240, options.MaxDataBytes);
        Assert.Equal(100, options.MaxChannelsPerTrigger);
        Assert.Equal(10, options.MaxBatchSize);
        Assert.Equal(200, options.MaxEventNameLength);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Theory]
    [InlineData(ApinatorHttpVersion.Http11, "http://127.0.0.1:6001")]
    [InlineData(ApinatorHttpVersion.Http2, "https://sockudo.example.com")]
    [InlineData(ApinatorHttpVersion.Http2Only, "http://127.0.0.1:6001")]
    [InlineData(ApinatorHttpVersion.Http2Only, "https://sockudo.example.com")]
    public void An_http_version_the_address_can_carry_is_accepted(ApinatorHttpVersion version, string address)
    {
        var options = Valid();
        options.BaseAddress = new Uri(address);
        options.HttpVersion = version;

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Http2_is_accepted_with_a_cluster_address_which_is_https()
    {
        var options = Valid();
        options.HttpVersion = ApinatorHttpVersion.Http2;

        Assert.Empty(options.Validate());
        Assert.Equal(Uri.UriSchemeHttps, options.ResolveBaseAddress().Scheme);
    }

    [Fact]
    public void Negotiated_http2_over_plain_http_is_refused_naming_both_ways_out()
    {
        var options = Valid();
        options.BaseAddress = new Uri("http://127.0.0.1:6001");
        options.HttpVersion = ApinatorHttpVersion.Http2;

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Apinator:HttpVersion Http2", error, StringComparison.Ordinal);
        Assert.Contains("https://", error, StringComparison.Ordinal);
        Assert.Contains("Http2Only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_http_version_is_refused()
    {
        var options = Valid();
        options.HttpVersion = (ApinatorHttpVersion)7;

        Assert.Equal("Apinator:HttpVersion '7' is not one of Http11, Http2, Http2Only.", Assert.Single(options.Validate()));
    }

    [Fact]
    public void The_default_http_version_is_HTTP11()
    {
        Assert.Equal(ApinatorHttpVersion.Http11, new ApinatorOptions().HttpVersion);
    }
}
