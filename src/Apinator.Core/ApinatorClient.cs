using System.Net;
using Apinator.Channels;
using Apinator.Diagnostics;
using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Http;
using Apinator.Rest;
using Apinator.Serialization;
using Apinator.Sockudo;
using Apinator.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apinator;

/// <summary>
/// The <see cref="IApinator"/> implementation over HTTP. In an ASP.NET Core app register it with
/// <c>services.AddApinator(…)</c>; in a console app create one with <see cref="ApinatorClient(ApinatorOptions)"/>
/// and keep it for the app's lifetime.
/// </summary>
/// <remarks>
/// Each call validates its inputs, has its body written by an event-body writer and is sent by a
/// transport that signs it for the configured protocol, caps and maps the answer.
/// </remarks>
public sealed class ApinatorClient : IApinator, IDisposable
{
    private static readonly KeyValuePair<string, string>[] NoQuery = [];

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ServiceConnection _connection;
    private readonly ServiceDialect _dialect;
    private readonly string _eventsPath;
    private readonly string _batchPath;
    private readonly RestTransport _transport;
    private readonly JsonBuffers _buffers;
    private readonly EventBodyWriter _bodies;
    private readonly ChannelAuthorizer _authorizer;
    private readonly IdempotencyKeys _idempotency;
    private readonly PublishRules _rules;
    private readonly QueuedTriggers _queued;
    private readonly string _protocolName;

    /// <summary>
    /// Creates a standalone client for console apps and services without dependency injection. It
    /// owns one pooled connection handler (<see cref="CreatePrimaryHandler"/>); dispose it when the app ends.
    /// </summary>
    /// <param name="options">The app's settings.</param>
    /// <exception cref="ApinatorConfigurationException">A setting is missing or malformed.</exception>
    public ApinatorClient(ApinatorOptions options)
        : this(new HttpClient(Validated(options) is { MaxRetries: > 0 } or { AttemptTimeout: not null } ? CreateRetryHandler(options, CreatePrimaryHandler()) : CreatePrimaryHandler(), disposeHandler: true) { Timeout = options.Timeout }, options, ownsHttp: true, timeProvider: null, logger: null)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> you manage (e.g. from <c>IHttpClientFactory</c>).</summary>
    /// <param name="httpClient">The HTTP client. Its base address is not used. Give it a handler that does not follow redirects (<see cref="CreatePrimaryHandler"/>).</param>
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
        _connection = new ServiceConnection(httpClient, Validated(options).Clone(), timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
        var settings = _connection.Options;
        _dialect = _connection.Dialect;
        _eventsPath = _connection.AppPath + "/events";
        _batchPath = _connection.AppPath + "/batch_events";
        _transport = _connection.Transport;
        _buffers = new JsonBuffers(settings.GetJsonSerializerOptions().Encoder);
        _bodies = new EventBodyWriter(settings, _dialect, _buffers, ChannelEncryption.FromOptions(settings));
        _authorizer = new ChannelAuthorizer(settings);
        _idempotency = new IdempotencyKeys(_dialect, settings.GenerateIdempotencyKeys);
        _protocolName = _dialect.Name;
        _rules = new PublishRules(settings, _dialect);
        _queued = new QueuedTriggers(_rules, _bodies, _dialect);
    }

    /// <summary>The options, dialect, transport and paths this client sends with, shared with the Sockudo extensions client.</summary>
    internal ServiceConnection Connection => _connection;

    /// <summary>
    /// The connection handler the client should send through: pooled connections recycled every two
    /// minutes (so DNS changes are seen), automatic decompression, redirects never followed (a
    /// redirect would carry credentials to another host and turn a POST into a GET), and over HTTP/2
    /// (<see cref="ApinatorOptions.HttpVersion"/>) concurrent calls multiplexed on one connection, a
    /// second one opened only when the service's limit of concurrent streams is reached.
    /// </summary>
    /// <returns>A new handler; the caller owns it.</returns>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        // Without it, calls past the stream limit (Kestrel's 100, often 128 or 250) wait in a queue.
        EnableMultipleHttp2Connections = true,
    };

    /// <summary>
    /// A handler that retries what the service did not act on (see <see cref="ApinatorOptions.MaxRetries"/>);
    /// it passes calls straight through when <c>MaxRetries</c> is 0.
    /// </summary>
    /// <param name="options">The app's settings.</param>
    /// <param name="innerHandler">The handler it sends through, or null to set later.</param>
    /// <param name="timeProvider">The clock back-offs, per-try timeouts and <c>Retry-After</c> dates are measured on; the system clock by default.</param>
    /// <returns>A new handler; the caller owns it.</returns>
    /// <exception cref="ApinatorConfigurationException">A setting is missing or malformed.</exception>
    public static DelegatingHandler CreateRetryHandler(ApinatorOptions options, HttpMessageHandler? innerHandler = null, TimeProvider? timeProvider = null)
    {
        var handler = new RetryHandler(Validated(options), timeProvider ?? TimeProvider.System);
        if (innerHandler is not null) handler.InnerHandler = innerHandler;
        return handler;
    }

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return TriggerCoreAsync([channel], eventName, data, options, serverToUser: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channels);
        // One snapshot: what is validated is exactly what is encrypted and sent, whatever the
        // caller's collection does meanwhile.
        return TriggerCoreAsync([.. channels], eventName, data, options, serverToUser: false, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<BatchEvent> PrepareTrigger(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null) =>
        _queued.Prepare(channels, eventName, data, options);

    /// <inheritdoc />
    public Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, CancellationToken cancellationToken = default) =>
        TriggerBatchAsync(events, NoBatchOptions, cancellationToken);

    /// <inheritdoc />
    public async Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, BatchTriggerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        BatchEvent[] batch = [.. events];
        _rules.Batch(batch);
        batch = _idempotency.ForBatch(batch, options.IdempotencyKey, nameof(events));
        var body = _bodies.Batch(batch);
        try
        {
            var result = await UnofferedCall.MayNotBeOffered("Batch trigger", _transport.SendAsync(HttpMethod.Post, _batchPath, NoQuery, body.WrittenMemory, IdempotencyHeader(options.IdempotencyKey), IdempotencyKeys.EveryEventKeyed(batch), ResponseReader.Batch, cancellationToken)).ConfigureAwait(false);
            ClientDiagnostics.EventsPublished(batch.Length, _protocolName);
            return result;
        }
        catch (Exception e)
        {
            ClientDiagnostics.PublishFailed(e, _protocolName);
            throw;
        }
        finally
        {
            _buffers.Return(body);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChannelSummary>> GetChannelsAsync(string? prefix = null, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string>>(2);
        if (!string.IsNullOrEmpty(prefix))
        {
            // The service's own rules: a Sockudo prefix may hold ':' (namespaced channels).
            if (!_dialect.IsValidChannelName(prefix))
            {
                throw new ApinatorValidationException($"Prefix '{ProtocolRules.Printable(prefix)}' can match no channel name: use at most {_dialect.MaxChannelNameLength} {_dialect.ChannelNameCharacters}", nameof(prefix));
            }

            query.Add(new("filter_by_prefix", prefix));
        }

        if (info != ChannelInfo.None) query.Add(new("info", EventBodyWriter.InfoText(info)));
        return _transport.SendAsync(HttpMethod.Get, _connection.AppPath + "/channels", query, default, ResponseReader.Channels, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ChannelState> GetChannelAsync(string channel, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default)
    {
        _rules.Channel(channel, nameof(channel));
        var query = info == ChannelInfo.None ? NoQuery : [new("info", EventBodyWriter.InfoText(info))];
        try
        {
            return await _transport.SendAsync(HttpMethod.Get, _connection.ChannelPath(channel), query, default, root => ResponseReader.Channel(channel, root), cancellationToken).ConfigureAwait(false);
        }
        catch (ApinatorApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound && _dialect.AnswersNotFoundForUnoccupiedChannel)
        {
            // Such a service says "nobody is subscribed" with a 404, not with occupied: false.
            return new ChannelState(channel, false, null, null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PresenceUser>> GetPresenceUsersAsync(string channel, CancellationToken cancellationToken = default)
    {
        _rules.Channel(channel, nameof(channel));
        if (!channel.StartsWith(ProtocolRules.PresencePrefix, StringComparison.Ordinal))
        {
            throw new ApinatorValidationException($"Channel '{channel}' is not a presence channel; only presence- channels have a user list.", nameof(channel));
        }

        return UnofferedCall.MayNotBeOffered("The presence user list", _transport.SendAsync(HttpMethod.Get, _connection.ChannelPath(channel) + "/users", NoQuery, default, ResponseReader.Users, cancellationToken));
    }

    /// <inheritdoc />
    public Task TerminateUserConnectionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ProtocolRules.UserId(userId, nameof(userId));
        return UnofferedCall.MayNotBeOffered("Terminating a user's connections", _transport.SendAsync(HttpMethod.Post, _connection.UserPath(userId) + "/terminate_connections", NoQuery, EmptyObject, static _ => true, cancellationToken));
    }

    /// <inheritdoc />
    public Task SendToUserAsync(string userId, string eventName, object? data, CancellationToken cancellationToken = default)
    {
        ProtocolRules.UserId(userId, nameof(userId));
        // The one channel name outside the public rules: reserved for the library, built from a checked id.
        return UnofferedCall.MayNotBeOffered("Sending to a user", TriggerCoreAsync([ProtocolRules.ServerToUserPrefix + userId], eventName, data, null, serverToUser: true, cancellationToken));
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
    public override string ToString() => $"ApinatorClient {{ AppId = {_connection.Options.AppId}, Key = {_connection.Options.Key}, Protocol = {_dialect}, BaseAddress = {_transport} }}";

    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    private static readonly BatchTriggerOptions NoBatchOptions = new();

    private static KeyValuePair<string, string>? IdempotencyHeader(string? key) => key is null ? null : new(RestTransport.IdempotencyKeyHeader, key);

    private async Task<TriggerResult> TriggerCoreAsync(string[] channels, string eventName, object? data, TriggerOptions? options, bool serverToUser, CancellationToken cancellationToken)
    {
        _rules.Trigger(channels, eventName, options, serverToUser);
        var socketId = options?.SocketId;
        var key = _idempotency.ForTrigger(options?.IdempotencyKey, nameof(options.IdempotencyKey));
        var body = _bodies.Trigger(channels, eventName, data, socketId, options?.Info ?? ChannelInfo.None, new(key, options?.Tags, options?.Extras));
        try
        {
            // Body and header both, as Sockudo's SDKs send it; the server takes the body's.
            var result = await _transport.SendAsync(HttpMethod.Post, _eventsPath, NoQuery, body.WrittenMemory, IdempotencyHeader(key), ResponseReader.Trigger, cancellationToken).ConfigureAwait(false);
            ClientDiagnostics.EventsPublished(channels.Length, _protocolName);
            return key is null ? result : result with { IdempotencyKey = key };
        }
        catch (Exception e)
        {
            ClientDiagnostics.PublishFailed(e, _protocolName);
            throw;
        }
        finally
        {
            _buffers.Return(body);
        }
    }

    private static ApinatorOptions Validated(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ApinatorConfigurationException(string.Join(" ", errors));
        return options;
    }
}
