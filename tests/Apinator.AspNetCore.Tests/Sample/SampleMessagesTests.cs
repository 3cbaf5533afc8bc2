using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Rest;
using MinimalApi;
using NSubstitute;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>How an app tests its own code that uses <see cref="IApinator"/>: substitute it.</summary>
public sealed class SampleMessagesTests : IDisposable
{
    private readonly SampleApp _sample = new();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task Signed_in_message_is_triggered_on_the_presence_channel()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var response = await client.PostAsJsonAsync("/api/messages", new { text = "  hello  " });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _sample.Apinator.Received(1).TriggerAsync(
            "presence-chat",
            "message",
            Arg.Is<object?>(data => data is ChatMessage && ((ChatMessage)data).User == "alice" && ((ChatMessage)data).Text == "hello"),
            Arg.Any<TriggerOptions?>(),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Message_of_500_characters_is_sent()
    {
        using var client = await _sample.SignedInClientAsync("bob");
        var text = new string('m', SampleRules.MaxMessageLength);

        var response = await client.PostAsJsonAsync("/api/messages", new { text });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _sample.Apinator.Received(1).TriggerAsync("presence-chat", "message", Arg.Is<object?>(d => ((ChatMessage)d!).Text == text), Arg.Any<TriggerOptions?>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Empty_message_is_a_400_problem_and_nothing_is_triggered(string? text)
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var response = await client.PostAsJsonAsync("/api/messages", new { text });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Empty message", problem.GetProperty("title").GetString());
        await AssertNothingTriggeredAsync();
    }

    [Fact]
    public async Task Message_of_501_characters_is_a_400_problem_and_nothing_is_triggered()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var response = await client.PostAsJsonAsync("/api/messages", new { text = new string('m', SampleRules.MaxMessageLength + 1) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Message too long", problem.GetProperty("title").GetString());
        await AssertNothingTriggeredAsync();
    }

    [Fact]
    public async Task Anonymous_message_is_401_and_nothing_is_triggered()
    {
        using var client = _sample.CreateCookieClient();

        var response = await client.PostAsJsonAsync("/api/messages", new { text = "hello" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingTriggeredAsync();
    }

    [Fact]
    public async Task Realtime_service_failure_is_a_502_problem_the_page_can_show()
    {
        using var client = await _sample.SignedInClientAsync("alice");
        _sample.Apinator.TriggerAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<object?>(), Arg.Any<TriggerOptions?>(), Arg.Any<CancellationToken>())
            .Returns<TriggerResult>(_ => throw new ApinatorNetworkException("POST /apps/app-id/events could not reach http://127.0.0.1:1/: Connection refused", null));

        var message = await client.PostAsJsonAsync("/api/messages", new { text = "hello" });
        var notice = await client.PostAsync(new Uri("/api/notify", UriKind.Relative), null);

        var problem = await ProblemAssert.IsProblemAsync(message, HttpStatusCode.BadGateway);
        Assert.Contains("Connection refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(notice, HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Login_rejects_names_that_cannot_be_user_ids()
    {
        using var client = _sample.CreateCookieClient();

        var response = await client.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent([new("name", "alice:1.1")]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sample_uses_the_configured_credentials_not_its_local_server()
    {
        using var client = _sample.CreateClient();

        using var config = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/config", UriKind.Relative)));

        Assert.Equal("cloud", config.RootElement.GetProperty("mode").GetString());
        Assert.Equal(Hosting.TestApp.Key, config.RootElement.GetProperty("key").GetString());
        Assert.DoesNotContain(Hosting.TestApp.Secret, config.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    private Task<TriggerResult> AssertNothingTriggeredAsync() =>
        _sample.Apinator.DidNotReceiveWithAnyArgs().TriggerAsync(default(string)!, default!, default, default, default);
}
