using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

/// <summary>Stands in for the network: records each request and answers 200 <c>{}</c>.</summary>
internal sealed class RecordingHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<(HttpRequestMessage Request, string Body)> _requests = new();

    public IReadOnlyList<(HttpRequestMessage Request, string Body)> Requests => [.. _requests];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue((request, body));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    }
}
