using System.Net;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Rest;

public class ErrorMappingTests
{
    public static TheoryData<ApinatorProtocol, int, Type> StatusMappings()
    {
        var data = new TheoryData<ApinatorProtocol, int, Type>();
        foreach (var protocol in new[] { ApinatorProtocol.Apinator, ApinatorProtocol.Pusher, ApinatorProtocol.HeaderCredentials })
        {
            data.Add(protocol, 400, typeof(ApinatorValidationException));
            data.Add(protocol, 422, typeof(ApinatorValidationException));
            data.Add(protocol, 401, typeof(ApinatorAuthenticationException));
            data.Add(protocol, 403, typeof(ApinatorAuthenticationException));
            data.Add(protocol, 404, typeof(ApinatorApiException));
            data.Add(protocol, 409, typeof(ApinatorApiException));
            data.Add(protocol, 429, typeof(ApinatorApiException));
            data.Add(protocol, 500, typeof(ApinatorApiException));
            data.Add(protocol, 503, typeof(ApinatorApiException));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatusMappings))]
    public async Task An_error_status_maps_to_its_exception_with_the_problem_details(ApinatorProtocol protocol, int status, Type expected)
    {
        using var test = new TestClient(protocol);
        test.Handler.Status = (HttpStatusCode)status;
        test.Handler.ResponseBody = $"{{\"type\":\"about:blank\",\"title\":\"Title {status}\",\"status\":{status},\"detail\":\"Detail {status}\",\"code\":\"code_{status}\"}}";

        var error = await Assert.ThrowsAnyAsync<ApinatorException>(() => test.Client.TriggerAsync("c", "e", "x"));

        Assert.IsType(expected, error, exactMatch: true);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal($"Detail {status}", error.Message);
        Assert.Equal($"code_{status}", error.ProblemCode);
        Assert.Equal(test.Handler.ResponseBody, error.ResponseBody);
        Assert.Single(test.Handler.Requests);
    }

    [Theory]
    [InlineData("trigger")]
    [InlineData("batch")]
    public async Task Sockudo_404_app_not_found_is_a_wrong_key_and_so_an_authentication_error(string call)
    {
        // Sockudo's auth middleware answers an unknown auth_key with Error::InvalidAppKey, which its
        // http_handler/errors.rs writes as 404 {"error","code":"app_not_found","status"}.
        using var test = new TestClient(ApinatorProtocol.Sockudo);
        test.Handler.Status = HttpStatusCode.NotFound;
        test.Handler.ResponseBody = """{"error":"Application key not found or invalid: Invalid app key","code":"app_not_found","status":404}""";

        var error = await Assert.ThrowsAsync<ApinatorAuthenticationException>(() =>
            call == "batch" ? test.Client.TriggerBatchAsync([new("c", "e", "x")]) : test.Client.TriggerAsync("c", "e", "x"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("app_not_found", error.ProblemCode);
        Assert.Contains("Apinator:Key", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Application key not found or invalid: Invalid app key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sockudo_404_for_a_missing_message_stays_an_api_error()
    {
        using var test = new TestClient(ApinatorProtocol.Sockudo);
        test.Handler.Status = HttpStatusCode.NotFound;
        test.Handler.ResponseBody = """{"error":"Not found: message","code":"not_found","status":404}""";

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.TriggerAsync("c", "e", "x"));

        Assert.Equal("not_found", error.ProblemCode);
    }

    public static TheoryData<string> CallsApinatorDoesNotDocument() => ["batch", "users", "terminate", "send-to-user"];

    [Theory]
    [MemberData(nameof(CallsApinatorDoesNotDocument))]
    public async Task A_404_from_a_call_a_service_may_not_offer_says_so(string call)
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.NotFound;
        test.Handler.ResponseBody = "{\"title\":\"Not Found\",\"status\":404}";

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => call switch
        {
            "batch" => test.Client.TriggerBatchAsync([new("c", "e", "x")]),
            "users" => test.Client.GetPresenceUsersAsync("presence-room"),
            "terminate" => test.Client.TerminateUserConnectionsAsync("u-1"),
            _ => test.Client.SendToUserAsync("u-1", "e", "x"),
        });

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("may not offer this call", error.Message, StringComparison.Ordinal);
        Assert.Equal(test.Handler.ResponseBody, error.ResponseBody);
    }

    [Theory]
    [InlineData("{\"error\":\"The secret authentication failed\",\"code\":401}", 401, typeof(ApinatorAuthenticationException))]
    [InlineData("{\"error\":\"The data content of this event exceeds the allowed maximum.\",\"code\":413}", 413, typeof(ApinatorApiException))]
    [InlineData("{\"error\":\"Invalid channel name\",\"code\":400}", 400, typeof(ApinatorValidationException))]
    public async Task An_error_sent_with_200_as_Soketi_does_is_still_an_error(string body, int status, Type expected)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        test.Handler.Status = HttpStatusCode.OK;
        test.Handler.ResponseBody = body;

        var error = await Assert.ThrowsAnyAsync<ApinatorException>(() => test.Client.TriggerAsync("c", "e", "x"));

        Assert.IsType(expected, error, exactMatch: true);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
    }

    [Theory]
    [InlineData("{\"ok\":true}")]
    [InlineData("{\"error\":\"not an error code\",\"code\":200}")]
    [InlineData("{\"channels\":{\"error\":{\"subscription_count\":1}}}")]
    public async Task A_200_answer_that_merely_mentions_error_is_a_success(string body)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        test.Handler.ResponseBody = body;

        await test.Client.TriggerAsync("c", "e", "x");

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task The_message_falls_back_to_the_title()
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.TooManyRequests;
        test.Handler.ResponseBody = "{\"title\":\"Slow down\",\"status\":429,\"code\":42}";

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetChannelsAsync());

        Assert.Equal("Slow down", error.Message);
        Assert.Equal("42", error.ProblemCode);
        Assert.Equal(429, error.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>Bad Gateway</html>")]
    [InlineData("{\"detail\":\"\"}")]
    [InlineData("[]")]
    public async Task Without_a_problem_document_the_message_names_the_call_and_status(string body)
    {
        using var test = new TestClient();
        test.Handler.Status = HttpStatusCode.BadGateway;
        test.Handler.ResponseBody = body;

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.TriggerAsync("c", "e", "x"));

        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Contains("/apps/app-1/events", error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.ResponseBody);
        Assert.Null(error.ProblemCode);
    }

    [Fact]
    public async Task A_network_failure_is_a_network_exception_with_status_0_and_its_cause()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var cause = new HttpRequestException("Connection refused (127.0.0.1:6001)");
        test.Handler.Respond = _ => throw cause;

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => test.Client.TriggerAsync("c", "e", "x"));

        Assert.Equal(0, error.StatusCode);
        Assert.Same(cause, error.InnerException);
        Assert.IsAssignableFrom<ApinatorApiException>(error);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_a_network_exception()
    {
        // HttpClient's own timeout (not on any TimeProvider) is the only way this call can end: the
        // answer never comes, so the outcome does not depend on how long anything takes.
        using var test = new TestClient(httpTimeout: TimeSpan.FromMilliseconds(200));
        test.Handler.Respond = async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };

        var error = await Assert.ThrowsAsync<ApinatorNetworkException>(() => test.Client.GetChannelsAsync());

        Assert.Equal(0, error.StatusCode);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_wrapped()
    {
        using var test = new TestClient();
        using var cancellation = new CancellationTokenSource();
        test.Handler.Respond = async token =>
        {
            // The caller gives up while the request is in flight.
            await cancellation.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        };

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.TriggerAsync("c", "e", "x", cancellationToken: cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_call_is_not_wrapped()
    {
        using var test = new TestClient();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.GetChannelsAsync(cancellationToken: new CancellationToken(canceled: true)));

        Assert.True(error.CancellationToken.IsCancellationRequested);
        Assert.Empty(test.Handler.Requests);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"channels\":5}")]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("{\"channels\":[{\"subscription_count\":1}]}")]
    public async Task A_malformed_answer_with_200_is_an_api_exception(string body)
    {
        using var test = new TestClient();
        test.Handler.ResponseBody = body;

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetChannelsAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
    }

    [Theory]
    [InlineData("{\"users\":{}}")]
    [InlineData("{\"users\":[{\"name\":\"x\"}]}")]
    public async Task A_malformed_user_list_is_an_api_exception(string body)
    {
        using var test = new TestClient();
        test.Handler.ResponseBody = body;

        var error = await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.GetPresenceUsersAsync("presence-room"));

        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public async Task A_malformed_trigger_answer_is_an_api_exception()
    {
        using var test = new TestClient();
        test.Handler.ResponseBody = "{\"channels\":";

        await Assert.ThrowsAsync<ApinatorApiException>(() => test.Client.TriggerAsync("c", "e", "x"));
    }
}
