using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Http;
using Apinator.Testing;
using MinimalApi;

namespace Apinator.AspNetCore.Tests.Sample;

/// <summary>How an app tests its own code that uses <see cref="IApinator"/>: with the test kit's <see cref="FakeApinator"/>.</summary>
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
        var sent = Assert.Single(_sample.Apinator.Triggered);
        Assert.Equal(("presence-chat", "message"), (sent.Channel, sent.Name));
        Assert.Equal(new ChatMessage("alice", "hello"), sent.DataAs<ChatMessage>());
    }

    [Fact]
    public async Task Message_of_500_characters_is_sent()
    {
        using var client = await _sample.SignedInClientAsync("bob");
        var text = new string('m', SampleRules.MaxMessageLength);

        var response = await client.PostAsJsonAsync("/api/messages", new { text });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = Assert.Single(_sample.Apinator.Triggered);
        _sample.Apinator.AssertTriggered("presence-chat", "message", data => data.GetProperty("text").GetString() == text);
        Assert.Equal(text, sent.DataAs<ChatMessage>()!.Text);
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
        _sample.Apinator.AssertNothingTriggered();
    }

    [Fact]
    public async Task Message_of_501_characters_is_a_400_problem_and_nothing_is_triggered()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var response = await client.PostAsJsonAsync("/api/messages", new { text = new string('m', SampleRules.MaxMessageLength + 1) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Message too long", problem.GetProperty("title").GetString());
        _sample.Apinator.AssertNothingTriggered();
    }

    [Fact]
    public async Task Anonymous_message_is_401_and_nothing_is_triggered()
    {
        using var client = _sample.CreateCookieClient();

        var response = await client.PostAsJsonAsync("/api/messages", new { text = "hello" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        _sample.Apinator.AssertNothingTriggered();
    }

    [Fact]
    public async Task Realtime_service_failure_is_a_502_problem_the_page_can_show()
    {
        using var client = await _sample.SignedInClientAsync("alice");
        var unreachable = new ApinatorNetworkException("POST /apps/app-id/events could not reach http://127.0.0.1:1/: Connection refused", null);

        _sample.Apinator.FailNext(unreachable);
        var message = await client.PostAsJsonAsync("/api/messages", new { text = "hello" });
        _sample.Apinator.FailNext(unreachable);
        var notice = await client.PostAsync(new Uri("/api/notify", UriKind.Relative), null);

        var problem = await ProblemAssert.IsProblemAsync(message, HttpStatusCode.BadGateway);
        Assert.Contains("Connection refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(notice, HttpStatusCode.BadGateway);
        _sample.Apinator.AssertNothingTriggered();
    }

    [Fact]
    public async Task Notice_goes_to_the_signed_in_users_own_private_channel()
    {
        using var client = await _sample.SignedInClientAsync("alice");

        var response = await client.PostAsync(new Uri("/api/notify", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var notice = _sample.Apinator.AssertTriggered("private-user-alice", "notice");
        Assert.StartsWith("Hello alice", notice.DataAsJson().GetProperty("text").GetString(), StringComparison.Ordinal);
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
}
