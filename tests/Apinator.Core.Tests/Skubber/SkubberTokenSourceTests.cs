using System.Text.Json;
using Apinator.Skubber;
using Apinator.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.Skubber;

public sealed class SkubberTokenSourceTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly RecordingLogger<SkubberTokenSource> _log = new();
    private readonly HttpClient _http = new(ApinatorClient.CreatePrimaryHandler());
    private SkubberStandin _standin = null!;

    public async Task InitializeAsync() => _standin = await SkubberStandin.StartAsync(_clock);

    public async Task DisposeAsync() => await _standin.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private SkubberTokenSource Source(string secret = SkubberStandin.ApiSecret) => new(_http, _standin.Options(secret), _clock, _log);

    [Fact]
    public async Task First_fetch_posts_key_and_secret_as_json_and_returns_the_token_with_its_exp()
    {
        var source = Source();

        var token = await source.GetTokenAsync();

        var request = Assert.Single(_standin.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/auth/signalr-token", request.PathAndQuery);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(SkubberStandin.ApiKey, body.RootElement.GetProperty("apiKey").GetString());
        Assert.Equal(SkubberStandin.ApiSecret, body.RootElement.GetProperty("apiSecret").GetString());
        Assert.Equal(3, token.Token.Split('.').Length);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), token.ExpiresAt);
    }

    [Fact]
    public async Task Secret_is_never_in_a_url_or_query_string()
    {
        var source = Source();

        await source.GetTokenAsync();
        _clock.Advance(TimeSpan.FromMinutes(50));
        await source.GetTokenAsync();

        Assert.Equal(2, _standin.Requests.Count);
        Assert.All(_standin.Requests, r =>
        {
            Assert.DoesNotContain('?', r.PathAndQuery);
            Assert.DoesNotContain(SkubberStandin.ApiSecret, Uri.UnescapeDataString(r.PathAndQuery), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Cached_token_is_served_without_asking_again()
    {
        var source = Source();

        var first = await source.GetTokenAsync();
        _clock.Advance(TimeSpan.FromMinutes(47));
        var second = await source.GetTokenAsync();

        Assert.Same(first, second);
        Assert.Single(_standin.Requests);
    }

    [Theory]
    [InlineData(60, 48 * 60)] // Skubber's hour: renewed at 80 % of it, with 12 minutes left.
    [InlineData(10, 8 * 60)] // 80 % of the token's own exp, not of the documented hour: the claim was read.
    [InlineData(3, 2 * 60)] // 80 % would be 2 min 24 s; a minute before expiry comes first.
    public async Task Token_is_renewed_before_it_expires(int lifetimeMinutes, int renewedAfterSeconds)
    {
        _standin.TokenLifetime = TimeSpan.FromMinutes(lifetimeMinutes);
        var source = Source();
        var first = await source.GetTokenAsync();
        Assert.Equal(_clock.GetUtcNow().AddMinutes(lifetimeMinutes), first.ExpiresAt);

        _clock.Advance(TimeSpan.FromSeconds(renewedAfterSeconds - 1));
        Assert.Same(first, await source.GetTokenAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await source.GetTokenAsync();

        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Equal(2, _standin.TokensIssued);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(lifetimeMinutes), renewed.ExpiresAt);
    }

    [Fact]
    public async Task Token_without_exp_lives_the_documented_hour()
    {
        _standin.IncludeExp = false;
        var source = Source();

        var token = await source.GetTokenAsync();

        Assert.Equal(_clock.GetUtcNow() + SkubberTokenSource.DocumentedLifetime, token.ExpiresAt);
        _clock.Advance(TimeSpan.FromMinutes(47));
        Assert.Same(token, await source.GetTokenAsync());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotSame(token, await source.GetTokenAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_callers_share_one_fetch()
    {
        var source = Source();
        _standin.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new Task<SkubberToken>[50];

        // Parallel.For returns once every caller has asked (and joined or started the fetch); the gate
        // holds the only fetch open until then.
        Parallel.For(0, waiting.Length, i => waiting[i] = source.GetTokenAsync().AsTask());
        await _standin.FirstRequest;
        _standin.Gate.SetResult();
        var tokens = await Task.WhenAll(waiting);

        Assert.Single(_standin.Requests);
        Assert.Single(tokens.Select(t => t.Token).Distinct());
    }

    [Fact]
    public async Task A_caller_giving_up_does_not_cancel_the_fetch_others_wait_on()
    {
        var source = Source();
        _standin.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();

        var givingUp = source.GetTokenAsync(impatient.Token).AsTask();
        var patient = source.GetTokenAsync().AsTask();
        await _standin.FirstRequest;
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);
        _standin.Gate.SetResult();

        Assert.False(string.IsNullOrEmpty((await patient).Token));
        Assert.Equal(1, _standin.TokensIssued);
    }

    [Fact]
    public async Task Refused_secret_is_a_typed_exception_naming_the_settings_without_the_secret()
    {
        const string wrong = "wrong-Secret-9921-Okapi";
        var source = Source(wrong);

        var e = await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => source.GetTokenAsync().AsTask());

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("Apinator:Secret", e.Message, StringComparison.Ordinal);
        // The stand-in echoes the secret it received: neither message, body nor log may pass it on.
        Assert.Contains(wrong, Assert.Single(_standin.Requests).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ResponseBody ?? "", StringComparison.Ordinal);
        Assert.All(_log.Entries, entry => Assert.DoesNotContain(wrong, entry.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusal_is_given_to_callers_for_five_seconds_then_skubber_is_asked_again()
    {
        var source = Source("wrong-secret");

        await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => source.GetTokenAsync().AsTask());
        _clock.Advance(TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => source.GetTokenAsync().AsTask());
        Assert.Single(_standin.Requests);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ApinatorAuthenticationException>(() => source.GetTokenAsync().AsTask());
        Assert.Equal(2, _standin.Requests.Count);
    }

    [Fact]
    public async Task Service_down_is_a_network_exception()
    {
        var options = _standin.Options();
        options.BaseAddress = SkubberStandin.NobodyListening();
        var source = new SkubberTokenSource(_http, options, _clock, _log);

        var e = await Assert.ThrowsAsync<ApinatorNetworkException>(() => source.GetTokenAsync().AsTask());

        Assert.DoesNotContain(SkubberStandin.ApiSecret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outage_during_renewal_serves_the_still_valid_token_and_retries_every_30_seconds()
    {
        var source = Source();
        var first = await source.GetTokenAsync();
        _standin.Override = context => { context.Response.StatusCode = 503; return Task.CompletedTask; };

        _clock.Advance(TimeSpan.FromMinutes(48));
        Assert.Same(first, await source.GetTokenAsync());
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(first, await source.GetTokenAsync());
        Assert.Equal(2, _standin.Requests.Count);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(first, await source.GetTokenAsync());
        Assert.Equal(3, _standin.Requests.Count);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.EventId == 54);

        // Once it has expired, the outage is the caller's to see.
        _clock.Advance(TimeSpan.FromMinutes(12));
        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => source.GetTokenAsync().AsTask());
        Assert.Equal(503, e.StatusCode);
    }

    [Theory]
    [InlineData("""{"tok":"abc"}""")]
    [InlineData("""{"token":""}""")]
    [InlineData("""{"token":42}""")]
    [InlineData("""["token"]""")]
    [InlineData("<html>Bad gateway</html>")]
    public async Task Malformed_answer_is_an_api_exception(string answer)
    {
        _standin.Override = context => context.Response.WriteAsync(answer);
        var source = Source();

        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => source.GetTokenAsync().AsTask());

        Assert.Equal(200, e.StatusCode);
    }

    [Fact]
    public async Task Oversized_answer_is_not_read()
    {
        _standin.Override = context => context.Response.WriteAsync("{\"token\":\"" + new string('a', 64 * 1024) + "\"}");
        var source = Source();

        var e = await Assert.ThrowsAsync<ApinatorApiException>(() => source.GetTokenAsync().AsTask());

        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApinatorProtocol.Apinator)]
    [InlineData(ApinatorProtocol.Pusher)]
    [InlineData(ApinatorProtocol.Sockudo)]
    public void Other_protocols_are_refused_with_a_message_naming_the_setting(ApinatorProtocol protocol)
    {
        var options = _standin.Options();
        options.Protocol = protocol;

        var e = Assert.Throws<ApinatorConfigurationException>(() => new SkubberTokenSource(_http, options, _clock));

        Assert.Contains("Apinator:Protocol HeaderCredentials", e.Message, StringComparison.Ordinal);
        Assert.Contains(protocol.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hub_url_is_the_push_path_with_the_escaped_user_id_and_no_token()
    {
        var source = Source();

        var url = source.GetHubUrl("ada & bob/ä");

        Assert.Equal($"{_standin.Address.GetLeftPart(UriPartial.Authority)}/push?userId=ada%20%26%20bob%2F%C3%A4", url.AbsoluteUri);
    }

    [Fact]
    public async Task Token_is_not_shown_by_ToString()
    {
        var token = await Source().GetTokenAsync();

        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
        Assert.Contains("ExpiresAt", token.ToString(), StringComparison.Ordinal);
    }
}
