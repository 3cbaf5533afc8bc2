using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// A fake REST service at the <see cref="HttpMessageHandler"/> level: records every request that reaches
/// it (method, full URI, headers, exact body bytes) and answers with a configured status and body,
/// or with <see cref="Respond"/> when set.
/// </summary>
internal sealed class RecordingHttpMessageHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string ResponseBody { get; set; } = "{}";

    public string ResponseContentType { get; set; } = "application/json";

    /// <summary>Replaces the configured answer (e.g. to throw or to delay).</summary>
    public Func<CancellationToken, Task<HttpResponseMessage>>? Respond { get; set; }

    /// <summary>The only request received; fails the test otherwise.</summary>
    public RecordedRequest Single() => Assert.Single(Requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // As a real handler does: a call cancelled before it starts never reaches the wire.
        cancellationToken.ThrowIfCancellationRequested();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers) headers[header.Key] = string.Join(",", header.Value);
        byte[]? body = null;
        string? contentType = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType?.ToString();
            foreach (var header in request.Content.Headers) headers[header.Key] = string.Join(",", header.Value);
        }

        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, contentType, body));
        if (Respond is not null) return await Respond(cancellationToken);

        return new HttpResponseMessage(Status)
        {
            Content = new StringContent(ResponseBody, Encoding.UTF8, ResponseContentType),
            RequestMessage = request,
        };
    }
}
