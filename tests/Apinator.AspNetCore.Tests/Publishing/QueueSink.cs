using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// Plays the service for the publish queue: records every batch call (its events, in order, and the
/// status it answered), answers as scripted (200 once the script is used up), and signals each call.
/// </summary>
internal sealed class QueueSink : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _script = new();
    private readonly ConcurrentQueue<BatchCall> _calls = new();
    private readonly SemaphoreSlim _called = new(0);
    private readonly SemaphoreSlim _entered = new(0);

    /// <summary>When set, batch calls are answered 404, as by a service without one.</summary>
    public bool NoBatchCall { get; set; }

    /// <summary>When set, a call whose events it answers with a status is answered so (after the script).</summary>
    public Func<IReadOnlyList<SentEvent>, HttpStatusCode?>? Judge { get; set; }

    /// <summary>While set, calls wait for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IReadOnlyList<BatchCall> Calls => [.. _calls];

    /// <summary>The events of the calls answered 200, in the order the service took them.</summary>
    public IReadOnlyList<SentEvent> Published => [.. _calls.Where(c => c.Status == 200).SelectMany(c => c.Events)];

    public void Then(params Func<HttpResponseMessage>[] answers)
    {
        foreach (var answer in answers) _script.Enqueue(answer);
    }

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, TimeSpan? retryAfter = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{\"error\":\"scripted\"}", Encoding.UTF8, "application/json") };
        if (retryAfter is { } wait) response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        return response;
    };

    public static Func<HttpResponseMessage> Refused => () => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

    /// <summary>Waits for the next call (a guard time only fails a broken test sooner).</summary>
    public async Task NextCallAsync()
    {
        if (!await _called.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("The sink was not called.");
    }

    /// <summary>Waits for the next call to arrive, before any <see cref="Gate"/> holds it (a guard time only fails a broken test sooner).</summary>
    public async Task NextArrivalAsync()
    {
        if (!await _entered.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("No call reached the sink.");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get) return Json(HttpStatusCode.OK, "{\"channels\":{}}");
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        _entered.Release();
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        HttpResponseMessage response;
        if (NoBatchCall && request.RequestUri!.AbsolutePath.EndsWith("/batch_events", StringComparison.Ordinal))
        {
            _calls.Enqueue(new BatchCall(404, Events(body)));
            _called.Release();
            return Json(HttpStatusCode.NotFound, "{\"error\":\"Not found\"}");
        }

        try
        {
            response = _script.TryDequeue(out var answer) ? answer()
                : Judge?.Invoke(Events(body)) is { } verdict ? Status(verdict)()
                : Json(HttpStatusCode.OK, "{}");
        }
        catch (HttpRequestException)
        {
            _calls.Enqueue(new BatchCall(0, Events(body)));
            _called.Release();
            throw;
        }

        _calls.Enqueue(new BatchCall((int)response.StatusCode, Events(body)));
        _called.Release();
        return response;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static List<SentEvent> Events(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var events = root.TryGetProperty("batch", out var batch) ? [.. batch.EnumerateArray()] : new[] { root };
        return [.. events.Select(e => new SentEvent(
            e.TryGetProperty("channel", out var channel) ? channel.GetString()! : e.GetProperty("channels")[0].GetString()!,
            e.GetProperty("name").GetString()!,
            e.GetProperty("data").GetString()!,
            e.TryGetProperty("idempotency_key", out var key) ? key.GetString() : null))];
    }

    internal sealed record BatchCall(int Status, List<SentEvent> Events);

    internal sealed record SentEvent(string Channel, string Name, string Data, string? IdempotencyKey);
}
