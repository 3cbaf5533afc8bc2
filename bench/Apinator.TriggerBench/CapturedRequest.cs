using System.Net;
using System.Net.Http.Headers;

namespace Apinator.TriggerBench;

/// <summary>
/// The exact request ApinatorClient sends for a trigger (URL with signature, headers, body), captured
/// once so the raw HttpClient baseline replays an identical, already-signed request.
/// </summary>
internal sealed record CapturedRequest(Uri Uri, KeyValuePair<string, string[]>[] Headers, byte[] Body, MediaTypeHeaderValue? ContentType)
{
    public static async Task<CapturedRequest> CaptureAsync(ApinatorOptions options, Func<IApinator, Task> trigger)
    {
        var recorder = new Recorder();
        using (var http = new HttpClient(recorder))
        using (var client = new ApinatorClient(http, options))
        {
            await trigger(client);
        }

        return recorder.Captured ?? throw new InvalidOperationException("The trigger sent nothing.");
    }

    /// <summary>The captured request again; with <paramref name="http2"/>, as HTTP/2 with prior knowledge (h2c).</summary>
    public HttpRequestMessage ToRequest(bool http2 = false, Uri? uri = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri ?? Uri) { Content = new ByteArrayContent(Body) };
        if (http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        request.Content.Headers.ContentType = ContentType;
        foreach (var header in Headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return request;
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public CapturedRequest? Captured { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Captured = new CapturedRequest(
                request.RequestUri!,
                [.. request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))],
                body,
                request.Content?.Headers.ContentType);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }
}
