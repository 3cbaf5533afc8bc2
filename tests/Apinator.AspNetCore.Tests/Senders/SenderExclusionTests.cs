using System.Net;
using System.Text.Json;
using Apinator.AspNetCore.Tests.DependencyInjection;
using Apinator.AspNetCore.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Apinator.AspNetCore.Tests.Senders;

public class SenderExclusionTests
{
    [Fact]
    public async Task A_trigger_made_to_others_excludes_the_socket_in_the_request_header()
    {
        var network = new RecordingHttpHandler();
        await using var app = await StartAsync(network);

        var response = await app.Client.SendAsync(Post("X-Socket-ID", "123.456"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("123.456", SentSocketId(network));
    }

    [Fact]
    public async Task Without_the_header_the_trigger_reaches_everyone()
    {
        var network = new RecordingHttpHandler();
        await using var app = await StartAsync(network);

        await app.Client.SendAsync(Post(null, null));

        Assert.Null(SentSocketId(network));
    }

    [Theory]
    [InlineData("1.1:private-other")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    public async Task A_header_that_is_not_a_socket_id_is_refused_and_nothing_is_sent(string value)
    {
        var network = new RecordingHttpHandler();
        await using var app = await StartAsync(network);

        var response = await app.Client.SendAsync(Post("X-Socket-ID", value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(network.Requests);
    }

    [Fact]
    public async Task The_header_name_can_be_changed()
    {
        var network = new RecordingHttpHandler();
        await using var app = await StartAsync(network, a => a.ReadSenderSocketIdFrom("X-Pusher-Socket"));

        await app.Client.SendAsync(Post("X-Pusher-Socket", "9.9"));
        await app.Client.SendAsync(Post("X-Socket-ID", "8.8"));

        Assert.Equal("9.9", SentSocketId(network, 0));
        Assert.Null(SentSocketId(network, 1));
    }

    private static Task<TestApp> StartAsync(RecordingHttpHandler network, Action<ApinatorBuilder>? configure = null) =>
        TestApp.StartAsync(
            apinator: a =>
            {
                a.HttpClient.ConfigurePrimaryHttpMessageHandler(() => network);
                configure?.Invoke(a);
            },
            map: app => app.MapPost("/messages", async (HttpContext context, IApinator apinator) =>
            {
                try
                {
                    await apinator.TriggerAsync("chat", "message", "hi", context.ToOthers(), context.RequestAborted);
                    return Results.Ok();
                }
                catch (ApinatorValidationException e)
                {
                    return Results.Problem(statusCode: 400, detail: e.Message);
                }
            }));

    private static HttpRequestMessage Post(string? header, string? value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/messages");
        if (header is not null) request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }

    private static string? SentSocketId(RecordingHttpHandler network, int index = 0)
    {
        using var body = JsonDocument.Parse(network.Requests[index].Body);
        return body.RootElement.TryGetProperty("socket_id", out var socketId) ? socketId.GetString() : null;
    }
}
