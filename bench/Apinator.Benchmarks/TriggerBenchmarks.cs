using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;

namespace Apinator.Benchmarks;

/// <summary>
/// The client's own cost per trigger, without a network: ApinatorClient.TriggerAsync against a
/// handler that answers <c>{}</c> at once, beside a raw HttpClient sending the identical pre-signed
/// request through the same handler. The difference is validation, body JSON, signing and answer parsing.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet disposes them through [GlobalCleanup].")]
public class TriggerBenchmarks
{
    private ApinatorClient _client = null!;
    private HttpClient _raw = null!;
    private Uri _uri = null!;
    private KeyValuePair<string, string[]>[] _headers = [];
    private MediaTypeHeaderValue? _contentType;
    private byte[] _body = [];

    [Params(ApinatorProtocol.Pusher, ApinatorProtocol.Apinator)]
    public ApinatorProtocol Protocol { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var handler = new AnswerHandler();
        _client = new ApinatorClient(new HttpClient(handler), Fixture.Options(Protocol));
        _raw = new HttpClient(handler);
        await Library();
        (_uri, _headers, _contentType, _body) = handler.First!.Value;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task RawPreSigned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = _contentType;
        foreach (var header in _headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    [Benchmark]
    public Task Library() => _client.TriggerAsync("bench-channel", "bench-event", "{\"n\":1}");

    /// <summary>Answers every request with <c>{}</c> and keeps the first one, so the raw side can replay it.</summary>
    private sealed class AnswerHandler : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json");

        public (Uri Uri, KeyValuePair<string, string[]>[] Headers, MediaTypeHeaderValue? ContentType, byte[] Body)? First { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            First ??= (
                request.RequestUri!,
                [.. request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))],
                request.Content!.Headers.ContentType,
                await request.Content.ReadAsByteArrayAsync(cancellationToken));

            var content = new ByteArrayContent("{}"u8.ToArray());
            content.Headers.ContentType = Json;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
