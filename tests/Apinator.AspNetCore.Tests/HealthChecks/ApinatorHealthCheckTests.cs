using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.HealthChecks;

public class ApinatorHealthCheckTests
{
    [Fact]
    public async Task Healthy_when_the_service_accepts_a_signed_channel_list()
    {
        var network = new AnsweringHandler(HttpStatusCode.OK, "{\"channels\":[]}");
        await using var app = await StartAsync(network);

        var report = await ReportAsync(app);

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var request = Assert.Single(network.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/apps/app-id/channels", request.RequestUri!.AbsolutePath);
        Assert.Contains("filter_by_prefix=apinator-health-probe-", request.RequestUri.Query, StringComparison.Ordinal);
        Assert.True(request.Headers.Contains("X-Realtime-Signature"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "refused the app's credentials")]
    [InlineData(HttpStatusCode.Forbidden, "refused the app's credentials")]
    [InlineData(HttpStatusCode.InternalServerError, "answered an error (500)")]
    public async Task Unhealthy_with_a_reason_when_the_service_says_no(HttpStatusCode status, string reason)
    {
        await using var app = await StartAsync(new AnsweringHandler(status, "{\"detail\":\"no\"}"));

        var report = await ReportAsync(app);

        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Contains(reason, report.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestApp.Secret, report.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_when_nothing_answers()
    {
        await using var app = await StartAsync(new AnsweringHandler(new HttpRequestException("Connection refused")));

        var report = await ReportAsync(app);

        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Contains("did not answer", report.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_when_the_service_is_slower_than_the_check_timeout()
    {
        await using var app = await StartAsync(new AnsweringHandler(HttpStatusCode.OK, "{}") { Hang = true }, timeout: TimeSpan.FromMilliseconds(200));

        var report = await ReportAsync(app);

        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_builder_shorthand_registers_the_check_with_its_tags()
    {
        await using var app = await TestApp.StartAsync(
            apinator: a => a.AddHealthCheck("ready").HttpClient.ConfigurePrimaryHttpMessageHandler(() => new AnsweringHandler(HttpStatusCode.OK, "{\"channels\":[]}")),
            map: a => a.MapHealthChecks("/ready", new() { Predicate = c => c.Tags.Contains("ready") }));

        var response = await app.Client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static Task<TestApp> StartAsync(AnsweringHandler network, TimeSpan? timeout = null) =>
        TestApp.StartAsync(
            apinator: a => a.HttpClient.ConfigurePrimaryHttpMessageHandler(() => network),
            services: s => s.AddHealthChecks().AddApinator(timeout: timeout),
            map: a => a.MapHealthChecks("/health", new() { ResponseWriter = WriteReport }));

    private static async Task<JsonElement> ReportAsync(TestApp app)
    {
        var response = await app.Client.GetAsync("/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").GetProperty("apinator");
    }

    private static Task WriteReport(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var entries = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description });
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { entries }));
    }

    private sealed class AnsweringHandler : HttpMessageHandler
    {
        private readonly HttpStatusCode _status;
        private readonly string _body = "";
        private readonly Exception? _failure;

        public AnsweringHandler(HttpStatusCode status, string body) => (_status, _body) = (status, body);

        public AnsweringHandler(Exception failure) => _failure = failure;

        public bool Hang { get; init; }

        public List<HttpRequestMessage> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            if (_failure is not null) throw _failure;
            if (Hang) await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, "application/json") };
        }
    }
}
