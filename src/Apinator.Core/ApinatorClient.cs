using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.Channels;
using Apinator.Encryption;
using Apinator.Rest;
using Apinator.Serialization;
using Apinator.Signing;
using Apinator.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apinator;

/// <summary>
/// The <see cref="IApinator"/> implementation over HTTP. In an ASP.NET Core app register it with
/// <c>services.AddApinator(…)</c>; in a console app create one with <see cref="ApinatorClient(ApinatorOptions)"/>
/// and keep it for the app's lifetime.
/// </summary>
public sealed partial class ApinatorClient : IApinator, IDisposable
{
    private static readonly KeyValuePair<string, string>[] NoQuery = [];

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ApinatorOptions _options;
    private readonly Uri _baseAddress;
    private readonly string _appPath;
    private readonly string _eventsPath;
    private readonly string _batchEventsPath;
    private readonly RequestSigner _signer;
    private readonly ChannelAuthorizer _authorizer;
    private readonly ChannelEncryption? _encryption;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _secret;

    /// <summary>
    /// Creates a standalone client for console apps and services without dependency injection. It
    /// owns one pooled connection handler; dispose it when the app ends.
    /// </summary>
    /// <param name="options">The app's settings.</param>
    /// <exception cref="ApinatorConfigurationException">A setting is missing or malformed.</exception>
    public ApinatorClient(ApinatorOptions options)
        : this(CreateOwnedHttpClient(Validated(options)), options, ownsHttp: true, timeProvider: null, logger: null)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> you manage (e.g. from <c>IHttpClientFactory</c>).</summary>
    /// <param name="httpClient">The HTTP client. Its base address is not used.</param>
    /// <param name="options">The app's settings.</param>
    /// <param name="timeProvider">The clock for request timestamps; the system clock by default.</param>
    /// <param name="logger">Where to log calls; nothing by default. No secret is ever logged.</param>
    /// <exception cref="ApinatorConfigurationException">A setting is missing or malformed.</exception>
    public ApinatorClient(HttpClient httpClient, ApinatorOptions options, TimeProvider? timeProvider = null, ILogger<ApinatorClient>? logger = null)
        : this(httpClient, options, ownsHttp: false, timeProvider, logger)
    {
    }

    private ApinatorClient(HttpClient httpClient, ApinatorOptions options, bool ownsHttp, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _options = Validated(options).Clone();
        _baseAddress = _options.ResolveBaseAddress();
        _appPath = "/apps/" + Uri.EscapeDataString(_options.AppId);
        _eventsPath = _appPath + "/events";
        _batchEventsPath = _appPath + "/batch_events";
        _signer = RequestSigner.Create(_options);
        _authorizer = new ChannelAuthorizer(_options);
        _encryption = ChannelEncryption.FromOptions(_options);
        _json = _options.GetJsonSerializerOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _secret = _options.Secret;
    }

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return TriggerCoreAsync([channel], eventName, data, options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return TriggerCoreAsync(channels, eventName, data, options, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ApinatorValidationException("A batch needs at least one event.", nameof(events));
        if (events.Count > _options.MaxBatchSize)
        {
            throw new ApinatorValidationException($"A batch may hold at most {_options.MaxBatchSize} events; {events.Count} were given. Split it into several calls.", nameof(events));
        }

        using var body = new PooledBufferWriter();
        var writer = JsonWriterCache.Rent(body, _json.Encoder);
        try
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch"u8);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i] ?? throw new ApinatorValidationException($"Batch event {i} is null.", nameof(events));
                ProtocolRules.ChannelName(e.Channel, $"events[{i}].Channel");
                ProtocolRules.EventName(e.Name, _options.MaxEventNameLength, $"events[{i}].Name");
                if (e.SocketId is not null) ProtocolRules.SocketId(e.SocketId, $"events[{i}].SocketId");
                writer.WriteStartObject();
                writer.WriteString("channel"u8, e.Channel);
                writer.WriteString("name"u8, e.Name);
                WriteData(writer, e.Data, ChannelEncryption.IsEncryptedChannel(e.Channel) ? e.Channel : null, $"events[{i}].Data");
                if (e.SocketId is not null) writer.WriteString("socket_id"u8, e.SocketId);
                WriteInfo(writer, e.Info);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }

        var answer = await SendAsync(HttpMethod.Post, _batchEventsPath, NoQuery, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return Read(answer, ResponseReader.Batch);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChannelSummary>> GetChannelsAsync(string? prefix = null, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string>>(2);
        if (!string.IsNullOrEmpty(prefix))
        {
            if (prefix.Length > ProtocolRules.MaxChannelNameLength || !ProtocolRules.IsValidChannelName(prefix))
            {
                throw new ApinatorValidationException($"Prefix '{ProtocolRules.Printable(prefix)}' can match no channel name: use only letters, digits and _ - = @ , . ;", nameof(prefix));
            }

            query.Add(new("filter_by_prefix", prefix));
        }

        if (info != ChannelInfo.None) query.Add(new("info", InfoText(info)));
        var answer = await SendAsync(HttpMethod.Get, _appPath + "/channels", query, default, cancellationToken).ConfigureAwait(false);
        return Read(answer, ResponseReader.Channels);
    }

    /// <inheritdoc />
    public async Task<ChannelState> GetChannelAsync(string channel, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default)
    {
        ProtocolRules.ChannelName(channel, nameof(channel));
        var query = info == ChannelInfo.None ? NoQuery : [new("info", InfoText(info))];
        try
        {
            var answer = await SendAsync(HttpMethod.Get, _appPath + "/channels/" + Uri.EscapeDataString(channel), query, default, cancellationToken).ConfigureAwait(false);
            return Read(answer, root => ResponseReader.Channel(channel, root));
        }
        catch (ApinatorApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound && _options.Protocol == ApinatorProtocol.Apinator)
        {
            // Apinator answers 404 for a channel nobody is subscribed to.
            return new ChannelState(channel, false, null, null);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PresenceUser>> GetPresenceUsersAsync(string channel, CancellationToken cancellationToken = default)
    {
        ProtocolRules.ChannelName(channel, nameof(channel));
        if (!channel.StartsWith("presence-", StringComparison.Ordinal))
        {
            throw new ApinatorValidationException($"Channel '{channel}' is not a presence channel; only presence- channels have a user list.", nameof(channel));
        }

        var answer = await SendAsync(HttpMethod.Get, _appPath + "/channels/" + Uri.EscapeDataString(channel) + "/users", NoQuery, default, cancellationToken).ConfigureAwait(false);
        return Read(answer, ResponseReader.Users);
    }

    /// <inheritdoc />
    public async Task TerminateUserConnectionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ProtocolRules.UserId(userId, nameof(userId));
        await SendAsync(HttpMethod.Post, _appPath + "/users/" + Uri.EscapeDataString(userId) + "/terminate_connections", NoQuery, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SendToUserAsync(string userId, string eventName, object? data, CancellationToken cancellationToken = default)
    {
        ProtocolRules.UserId(userId, nameof(userId));
        // The one channel name outside the public rules: reserved for the library, built from a checked id.
        await TriggerCoreAsync([ProtocolRules.ServerToUserPrefix + userId], eventName, data, null, cancellationToken, serverToUser: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ChannelAuthorization AuthorizeChannel(string socketId, string channelName, PresenceMember? member = null) =>
        _authorizer.Authorize(socketId, channelName, member);

    /// <inheritdoc />
    public UserAuthentication AuthenticateUser(string socketId, UserData user) =>
        _authorizer.AuthenticateUser(socketId, user);

    /// <summary>Disposes the connection handler when this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <summary>Never shows the secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"ApinatorClient {{ AppId = {_options.AppId}, Key = {_options.Key}, Protocol = {_options.Protocol}, BaseAddress = {_baseAddress} }}";

    private async Task<TriggerResult> TriggerCoreAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options, CancellationToken cancellationToken, bool serverToUser = false)
    {
        ProtocolRules.EventName(eventName, _options.MaxEventNameLength, nameof(eventName));
        if (channels.Count == 0) throw new ApinatorValidationException("At least one channel is required.", nameof(channels));
        if (channels.Count > _options.MaxChannelsPerTrigger)
        {
            throw new ApinatorValidationException($"A trigger may address at most {_options.MaxChannelsPerTrigger} channels; {channels.Count} were given. Split it into several calls.", nameof(channels));
        }

        var encrypted = 0;
        string? first = null;
        foreach (var channel in channels)
        {
            if (!serverToUser) ProtocolRules.ChannelName(channel, nameof(channels));
            if (ChannelEncryption.IsEncryptedChannel(channel)) encrypted++;
            first ??= channel;
        }

        if (encrypted > 0 && (encrypted != channels.Count || channels.Count > 1))
        {
            // Each encrypted channel has its own key, so one ciphertext cannot serve several
            // channels, and sending plaintext alongside would defeat the point.
            throw new ApinatorValidationException("An end-to-end encrypted channel must be triggered alone: one private-encrypted- channel per trigger, not mixed with others.", nameof(channels));
        }

        var socketId = options?.SocketId;
        if (socketId is not null) ProtocolRules.SocketId(socketId, nameof(options.SocketId));

        using var body = new PooledBufferWriter();
        var writer = JsonWriterCache.Rent(body, _json.Encoder);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, eventName);
            if (channels.Count == 1 && _options.Protocol == ApinatorProtocol.Apinator)
            {
                writer.WriteString("channel"u8, first);
            }
            else
            {
                writer.WriteStartArray("channels"u8);
                foreach (var channel in channels) writer.WriteStringValue(channel);
                writer.WriteEndArray();
            }

            WriteData(writer, data, encrypted > 0 ? first : null, nameof(data));
            if (socketId is not null) writer.WriteString("socket_id"u8, socketId);
            WriteInfo(writer, options?.Info ?? ChannelInfo.None);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }

        var answer = await SendAsync(HttpMethod.Post, _eventsPath, NoQuery, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return Read(answer, ResponseReader.Trigger);
    }

    private void WriteData(Utf8JsonWriter writer, object? data, string? encryptedChannel, string parameterName)
    {
        if (encryptedChannel is not null)
        {
            if (_encryption is null)
            {
                throw new ApinatorEncryptionException(
                    $"Channel '{encryptedChannel}' is end-to-end encrypted and no master key is configured: set Apinator:EncryptionMasterKeyBase64 (32 random bytes, base64). Nothing was sent.");
            }

            string sealedData;
            var plain = JsonWriterCache.RentScratch();
            try
            {
                WriteDataBytes(plain, data);
                sealedData = _encryption.Encrypt(encryptedChannel, plain.WrittenSpan);
            }
            finally
            {
                // The scratch is reused by the thread: don't leave the plaintext in it.
                plain.Clear();
                JsonWriterCache.ReturnScratch(plain);
            }

            ProtocolRules.DataSize(Encoding.UTF8.GetByteCount(sealedData), _options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, sealedData);
            return;
        }

        if (data is string text)
        {
            ProtocolRules.DataSize(Encoding.UTF8.GetByteCount(text), _options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, text);
            return;
        }

        var serialized = JsonWriterCache.RentScratch();
        try
        {
            WriteDataBytes(serialized, data);
            ProtocolRules.DataSize(serialized.WrittenCount, _options.MaxDataBytes, parameterName);
            writer.WriteString("data"u8, serialized.WrittenSpan);
        }
        finally
        {
            JsonWriterCache.ReturnScratch(serialized);
        }
    }

    private void WriteDataBytes(ArrayBufferWriter<byte> output, object? data)
    {
        if (data is string text)
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
            return;
        }

        var writer = JsonWriterCache.Rent(output, _json.Encoder);
        try
        {
            if (data is null) writer.WriteNullValue();
            else JsonSerializer.Serialize(writer, data, data.GetType(), _json);
            writer.Flush();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    private static void WriteInfo(Utf8JsonWriter writer, ChannelInfo info)
    {
        if (info != ChannelInfo.None) writer.WriteString("info"u8, InfoText(info));
    }

    private static string InfoText(ChannelInfo info) => info switch
    {
        ChannelInfo.UserCount => "user_count",
        ChannelInfo.SubscriptionCount => "subscription_count",
        _ => "user_count,subscription_count",
    };

    private T Read<T>(Answer answer, Func<JsonElement, T> read)
    {
        try
        {
            if (answer.Body.Length == 0) return read(JsonDocument.Parse("{}").RootElement);
            using var document = JsonDocument.Parse(answer.Body);
            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new ApinatorApiException($"The service answered {answer.Status} with a body that is not the expected JSON: {e.Message}", e)
            {
                StatusCode = answer.Status,
                ResponseBody = Truncate(Scrub(Encoding.UTF8.GetString(answer.Body))),
            };
        }
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = _signer.CreateRequest(method, _baseAddress, path, query, body, _time.GetUtcNow().ToUnixTimeSeconds());
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            LogNetworkFailure(_logger, method.Method, path, e.GetType().Name);
            throw new ApinatorNetworkException($"{method.Method} {path} timed out after {_http.Timeout.TotalSeconds:0.#} s with no answer from {_baseAddress}.", e);
        }
        catch (HttpRequestException e)
        {
            LogNetworkFailure(_logger, method.Method, path, e.HttpRequestError);
            throw new ApinatorNetworkException($"{method.Method} {path} could not reach {_baseAddress}: {Scrub(e.Message)}", e);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogCall(_logger, method.Method, path, status, elapsedMs);
            }
            if (response.IsSuccessStatusCode)
            {
                if (ResponseReader.EmbeddedErrorStatus(bytes) is not { } embedded) return new Answer(status, bytes);
                status = embedded;
            }

            throw ErrorFor(method, path, status, response.ReasonPhrase, bytes);
        }
    }

    private ApinatorException ErrorFor(HttpMethod method, string path, int status, string? reason, byte[] body)
    {
        var (detail, code) = ResponseReader.Problem(body);
        var message = Scrub(detail ?? $"{method.Method} {path} failed with {status} {reason}.");
        var raw = Truncate(Scrub(Encoding.UTF8.GetString(body)));
        return status switch
        {
            401 or 403 => new ApinatorAuthenticationException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code },
            400 or 422 => new ApinatorValidationException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code },
            _ => new ApinatorApiException(message) { StatusCode = status, ResponseBody = raw, ProblemCode = code },
        };
    }

    /// <summary>Belt and braces: whatever a server echoes back, the secret never reaches a message.</summary>
    private string Scrub(string text) => _secret.Length > 0 && text.Contains(_secret, StringComparison.Ordinal) ? text.Replace(_secret, "***", StringComparison.Ordinal) : text;

    private static string Truncate(string text) => text.Length <= 4096 ? text : text[..4096] + "…";

    private static ApinatorOptions Validated(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ApinatorConfigurationException(string.Join(" ", errors));
        return options;
    }

    private static HttpClient CreateOwnedHttpClient(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            // Long-lived client: recycle connections so DNS changes are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = options.Timeout };
    }

    private readonly record struct Answer(int Status, byte[] Body);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Apinator {Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogCall(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Apinator {Method} {Path} got no answer: {Reason}")]
    private static partial void LogNetworkFailure(ILogger logger, string method, string path, object reason);
}
