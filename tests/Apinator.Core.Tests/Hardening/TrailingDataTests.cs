using System.Net;
using System.Text;
using Apinator.Tests.Sockudo;
using Apinator.Tests.TestDoubles;
using Apinator.Webhooks;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 21 item 2: "malformed JSON" holds for bytes after the JSON value too, in a webhook body and
/// in every answer read from the service. A reader that stops at the end of the first value accepts
/// <c>{…}BAD</c> as if it were <c>{…}</c>.
/// </summary>
public sealed class TrailingDataTests
{
    private static readonly WebhookParser Parser = new(new ApinatorOptions());

    [Theory]
    [InlineData("""{"time_ms":1700000000123,"events":[{"name":"channel_occupied","channel":"private-a"}]}BAD""")]
    [InlineData("""{"time_ms":1700000000123,"events":[]}{"events":[]}""")]
    [InlineData("""{"event":"channel_occupied","channel":"private-a"} x""")]
    public void A_webhook_body_with_bytes_after_the_JSON_is_malformed(string body)
    {
        var e = Assert.Throws<ApinatorValidationException>(() => Parser.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal("body", e.ParameterName);
    }

    [Fact]
    public void Whitespace_after_the_JSON_is_not_trailing_data()
    {
        var delivery = Parser.Parse(Encoding.UTF8.GetBytes("""{"events":[{"name":"channel_occupied","channel":"private-a"}]}""" + " \r\n\t"));
        Assert.Equal(new ChannelOccupiedEvent("private-a"), Assert.Single(delivery.Events));
    }

    [Fact]
    public async Task An_error_in_a_200_answer_followed_by_trailing_data_is_a_malformed_answer_not_the_error()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        test.Handler.Status = HttpStatusCode.OK;
        test.Handler.ResponseBody = """{"error":"The secret authentication failed","code":401}BAD""";

        var error = await Assert.ThrowsAnyAsync<ApinatorException>(() => test.Client.TriggerAsync("c", "e", "x"));

        // Not the embedded 401: a body that is not JSON cannot be believed to carry an error.
        Assert.IsType<ApinatorApiException>(error, exactMatch: true);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_followed_by_trailing_data_keeps_its_status_but_not_its_message()
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.TooManyRequests;
        test.Handler.ResponseBody = """{"title":"Slow down","status":429,"code":42}BAD""";

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetChannelsAsync());

        Assert.Equal(429, error.StatusCode);
        Assert.DoesNotContain("Slow down", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ProblemCode);
    }

    [Theory]
    [InlineData("""{"users":[{"id":"u-1"}]}BAD""")]
    [InlineData("""{"users":[{"id":"u-1"}]}{"users":[]}""")]
    public async Task A_success_answer_with_trailing_data_is_a_malformed_answer(string body)
    {
        using var test = new TestClient();
        test.Handler.ResponseBody = body;

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetPresenceUsersAsync("presence-room"));

        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public Task A_Sockudo_answer_with_trailing_data_is_a_malformed_answer() =>
        SockudoWire.AssertMalformedAnswerFails(
            """{"items":[],"has_more":false,"next_cursor":null}BAD""",
            s => s.GetHistoryAsync("history-room"),
            """{"items":[],"has_more":false,"next_cursor":null}""");
}
