using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Apinator.Diagnostics;
using Apinator.Dialects;
using Microsoft.Extensions.Logging;

namespace Apinator.Http;

/// <summary>
/// Sends a REST call and turns the answer into a result or an <see cref="ApinatorException"/>: the
/// request is built and signed by the dialect's <see cref="RequestSigner"/>, the answer is read up to
/// <see cref="ApinatorOptions.MaxResponseBytes"/> (decompressed), error statuses are mapped, and no
/// message ever carries the secret.
/// </summary>
internal sealed partial class RestTransport
{
    /// <summary>Sockudo's idempotency header; a request carrying it may be retried after a 5xx.</summary>
    public const string IdempotencyKeyHeader = "X-Idempotency-Key";

    private readonly HttpClient _http;
    private readonly RequestSigner _requests;
    private readonly string _address;
    private readonly ErrorAnswers _errors;
    private readonly int _maxResponseBytes;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _protocol;
    private readonly Uri _server;

    /// <param name="http">The client to send with.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="dialect">The service's dialect, which signs each request.</param>
    /// <param name="time">The clock for request timestamps and the body-read deadline.</param>
    /// <param name="logger">Where calls are logged.</param>
    public RestTransport(HttpClient http, ApinatorOptions options, ServiceDialect dialect, TimeProvider time, ILogger logger)
    {
        _http = http;
        _requests = dialect.CreateSigner(options);
        _address = ApinatorOptions.ShownAddress(options.ResolveBaseAddress())!;
        _errors = new ErrorAnswers(options.Secret);
        _maxResponseBytes = options.MaxResponseBytes;
        _timeout = options.Timeout;
        _time = time;
        _logger = logger;
        _protocol = dialect.Name;
        _server = options.ResolveBaseAddress();
    }

    /// <summary>Sends a call and reads its JSON answer with <paramref name="read"/> (an empty answer reads as <c>{}</c>).</summary>
    /// <exception cref="ApinatorException">Any failure: network, status, size or shape of the answer.</exception>
    public Task<T> SendAsync<T>(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        SendAsync(method, path, query, body, null, read, cancellationToken);

    /// <summary>As the other overload, with one extra (unsigned) request header, e.g. <c>X-Idempotency-Key</c>.</summary>
    /// <exception cref="ApinatorException">Any failure: network, status, size or shape of the answer.</exception>
    public Task<T> SendAsync<T>(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, KeyValuePair<string, string>? header, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        SendAsync(method, path, query, body, header, deduplicated: false, read, cancellationToken);

    /// <summary>
    /// As the other overloads; <paramref name="deduplicated"/> says that the body itself makes a repeat
    /// harmless (a Sockudo batch whose every event carries its key), as an <c>X-Idempotency-Key</c> header does.
    /// </summary>
    /// <exception cref="ApinatorException">Any failure: network, status, size or shape of the answer.</exception>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, KeyValuePair<string, string>? header, bool deduplicated, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        // One async method for the call, its telemetry and its answer: each async layer costs a
        // state machine on the heap per call, a fifth of what a trigger allocates.
        var activity = ClientDiagnostics.StartCall(method.Method, path, _protocol, _server);
        // Only read the clock when someone will see the duration (a metric or a debug log).
        var started = ClientDiagnostics.DurationListened || _logger.IsEnabled(LogLevel.Debug) ? Stopwatch.GetTimestamp() : 0;
        var status = 0;
        Exception? failure = null;
        try
        {
            using var request = Signed(method, path, query, body, header, deduplicated);
            HttpResponseMessage response;
            try
            {
                // Headers only: the body is read below, under a cap, not buffered whole by HttpClient.
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (NetworkFailure(method, path, e, cancellationToken) is { } network)
            {
                throw network;
            }

            using (response)
            {
                status = (int)response.StatusCode;
                var (buffer, length) = await ReadBodyAsync(method, path, status, response.Content, response.Version.Major >= 2, cancellationToken).ConfigureAwait(false);
                try
                {
                    return Answered(method, path, status, response, buffer.AsMemory(0, length), started, read);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
            status = e is ApinatorException { StatusCode: > 0 } error ? error.StatusCode : 0;
            throw;
        }
        finally
        {
            ClientDiagnostics.EndCall(activity, method.Method, path, _protocol, status, failure, started);
        }
    }

    private HttpRequestMessage Signed(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, KeyValuePair<string, string>? header, bool deduplicated)
    {
        var request = _requests.Create(method, path, query, body, _time.GetUtcNow().ToUnixTimeSeconds());
        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Key, extra.Value);
            // Every attempt of this request carries the same key: the service de-duplicates retries.
            if (extra.Key == IdempotencyKeyHeader) RetryHandler.MarkIdempotent(request);
        }

        if (deduplicated) RetryHandler.MarkIdempotent(request);
        return request;
    }

    /// <summary>The exception a send that got no answer becomes (logged), or null for the caller's own cancellation and what is not a network failure.</summary>
    private ApinatorNetworkException? NetworkFailure(HttpMethod method, string path, Exception e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                LogNetworkFailure(_logger, method.Method, path, e.GetType().Name);
                return new ApinatorNetworkException($"{method.Method} {path} timed out after {_http.Timeout.TotalSeconds:0.#} s with no answer from {_address}.", e);
            case TimeoutException:
                // One try ran past Apinator:AttemptTimeout and could not be retried (or was the last).
                LogNetworkFailure(_logger, method.Method, path, e.GetType().Name);
                return new ApinatorNetworkException($"{method.Method} {path} timed out with no answer from {_address}: {e.Message}", e);
            case HttpRequestException http:
                LogNetworkFailure(_logger, method.Method, path, http.HttpRequestError);
                return new ApinatorNetworkException($"{method.Method} {path} could not reach {_address}: {_errors.Scrub(e.Message)}", e);
            default:
                return null;
        }
    }

    /// <summary>The result of an answer whose body has been read, or the exception its status or body calls for.</summary>
    private T Answered<T>(HttpMethod method, string path, int status, HttpResponseMessage response, ReadOnlyMemory<byte> body, long started, Func<JsonElement, T> read)
    {
        var bytes = body.Span;
        if (started != 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCall(_logger, method.Method, path, status, elapsedMs);
        }

        if (status is >= 300 and < 400)
        {
            // Never followed: a redirect would carry the credentials (X-Api-Secret) to another
            // host, and a 301/302 turns the POST into a GET, losing the event.
            throw new ApinatorApiException($"{method.Method} {path} was answered with a redirect ({status}), which is never followed: check Apinator:BaseAddress.")
            {
                StatusCode = status,
            };
        }

        if (!response.IsSuccessStatusCode) throw _errors.For(method, path, status, response.ReasonPhrase, bytes, RetryHandler.RetryAfter(response, TimeSpan.MaxValue, _time.GetUtcNow()));
        if (ResponseReader.EmbeddedErrorStatus(bytes) is { } embedded) throw _errors.For(method, path, embedded, null, bytes);
        return Parse(status, body, read);
    }

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => _address;

    private T Parse<T>(int status, ReadOnlyMemory<byte> body, Func<JsonElement, T> read)
    {
        try
        {
            // A trigger's usual answer is exactly {}: the shared empty document reads the same, unparsed.
            if (body.IsEmpty || body.Span.SequenceEqual("{}"u8)) return read(EmptyObject.RootElement);
            // Over the rented bytes themselves (ParseValue would copy them first); the whole answer
            // must be one JSON value.
            using var document = JsonDocument.Parse(body);
            return read(document.RootElement);
        }
        catch (Exception e) when (e is not ApinatorException)
        {
            // Whatever shape the service sends (wrong types, numbers out of range, absurd nesting),
            // the caller sees one exception type, never InvalidOperationException or FormatException.
            throw new ApinatorApiException($"The service answered {status} with a body that is not the expected JSON: {_errors.Scrub(e.Message)}", e)
            {
                StatusCode = status,
                ResponseBody = _errors.Shown(body.Span),
            };
        }
    }

    private async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(HttpMethod method, string path, int status, HttpContent content, bool multiplexed, CancellationToken cancellationToken)
    {
        // Read once: each read of a header parses it under a lock.
        var declared = content.Headers.ContentLength;
        if (declared > _maxResponseBytes) throw TooLarge(method, path, status);

        // HttpClient's timeout ends with the headers; the body gets the same time again. Usually it
        // is already there and every read completes at once: no clock is read and no timer armed.
        // The clock starts at the first read that waits.
        var deadline = _timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : 0;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 1024, _maxResponseBytes) + 1);
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Counted after decompression: a small gzip answer cannot grow past the cap.
                if (length > _maxResponseBytes) throw TooLarge(method, path, status);
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxResponseBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                // Never more than cap + 1 bytes in all: the pool hands out larger arrays than asked for,
                // and filling one would read (and wait for) up to twice the cap before refusing.
                var room = Math.Min(buffer.Length, _maxResponseBytes + 1) - length;
                var reading = stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken);
                if (!reading.IsCompletedSuccessfully && deadline == 0) deadline = _time.GetTimestamp() + (long)(_timeout.TotalSeconds * _time.TimestampFrequency);
                var read = reading.IsCompletedSuccessfully ? reading.Result : await WithinDeadline(reading, deadline, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;

                // The framing's length is all there is (decompressed answers carry none): no read for the end.
                if (length == declared && !multiplexed) break;
            }

            return (buffer, length);
        }
        catch (Exception e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (e is ApinatorException) throw;
            cancellationToken.ThrowIfCancellationRequested();
            if (e is TimeoutException or OperationCanceledException)
            {
                throw new ApinatorNetworkException($"{method.Method} {path}: the answer's body did not arrive within {_timeout.TotalSeconds:0.#} s.", e) { StatusCode = status };
            }

            if (e is HttpRequestException or IOException or InvalidDataException)
            {
                throw new ApinatorNetworkException($"{method.Method} {path}: the answer's body could not be read: {_errors.Scrub(e.Message)}", e) { StatusCode = status };
            }

            throw;
        }
    }

    /// <summary>
    /// A read that waits, given what is left of the body's time on the client's <see cref="TimeProvider"/>
    /// (the stream is disposed if it runs out).
    /// </summary>
    private async ValueTask<int> WithinDeadline(ValueTask<int> reading, long deadline, CancellationToken cancellationToken)
    {
        if (deadline == long.MaxValue) return await reading.ConfigureAwait(false);
        var left = TimeSpan.FromSeconds(Math.Max(0, deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
        return await reading.AsTask().WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
    }

    private ApinatorApiException TooLarge(HttpMethod method, string path, int status) =>
        new($"{method.Method} {path}: the answer is larger than {_maxResponseBytes} bytes (Apinator:MaxResponseBytes); it was not read further.") { StatusCode = status };

    private static readonly JsonDocument EmptyObject = JsonDocument.Parse("{}");

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Apinator {Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Apinator {Method} {Path} got no answer: {Reason}")]
    private static partial void LogNetworkFailure(ILogger logger, string method, string path, object reason);
}
