using System.Text.Json;
using Apinator.Dialects;
using Apinator.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apinator.Skubber;

/// <summary>
/// Fetches Skubber's SignalR token with <c>POST {base}/api/auth/signalr-token</c> and the app's key
/// and secret in the JSON body (never in the URL, which Skubber also accepts: URLs end up in logs),
/// caches it and fetches the next one at 80 % of its life, or a minute before it expires if that
/// comes first. However many callers ask at once, one fetch is in flight. Thread-safe; keep one for
/// the app's lifetime.
/// </summary>
public sealed partial class SkubberTokenSource : ISkubberTokenSource
{
    /// <summary>Skubber's token endpoint.</summary>
    public const string TokenPath = "/api/auth/signalr-token";

    /// <summary>Skubber's SignalR hub.</summary>
    public const string HubPath = "/push";

    /// <summary>How long a token lives when it carries no readable <c>exp</c> claim, as Skubber documents.</summary>
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromHours(1);

    // A token answer is a few hundred bytes; nothing bigger is worth reading.
    private const int MaxAnswerBytes = 16 * 1024;

    // After a failed renewal, the still-valid token is served this long before the next try, so a
    // Skubber outage costs one fetch per interval, not one per browser.
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a failure is given to every caller before Skubber is asked again: a wrong secret or an
    /// outage must not turn each browser's request into a call to Skubber.
    /// </summary>
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RenewMargin = TimeSpan.FromMinutes(1);
    private static readonly KeyValuePair<string, string>[] NoQuery = [];

    private readonly RestTransport _transport;
    private readonly byte[] _body;
    private readonly string _origin;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Cached? _cached;
    private Task<SkubberToken>? _fetching;

    /// <summary>Until when a failed fetch (with no token in hand) answers every caller instead of a new fetch.</summary>
    private DateTimeOffset _failedUntil;

    /// <summary>Creates the source over an <see cref="HttpClient"/> you manage (e.g. from <c>IHttpClientFactory</c>).</summary>
    /// <param name="httpClient">The HTTP client; give it a handler that does not follow redirects (<see cref="ApinatorClient.CreatePrimaryHandler"/>), since the request carries the secret.</param>
    /// <param name="options">The app's settings, with <see cref="ApinatorOptions.Protocol"/> <see cref="ApinatorProtocol.HeaderCredentials"/>.</param>
    /// <param name="timeProvider">The clock deciding expiry and renewal; the system clock by default.</param>
    /// <param name="logger">Where fetches and failures are logged; nothing by default. Neither the secret nor a token is ever logged.</param>
    /// <exception cref="ApinatorConfigurationException">A setting is missing or malformed, or the protocol is not <see cref="ApinatorProtocol.HeaderCredentials"/>.</exception>
    public SkubberTokenSource(HttpClient httpClient, ApinatorOptions options, TimeProvider? timeProvider = null, ILogger<SkubberTokenSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ApinatorConfigurationException(string.Join(" ", errors));
        var dialect = ServiceDialect.Of(options);
        if (!dialect.OffersSignalRTokens)
        {
            throw new ApinatorConfigurationException(
                $"Skubber's SignalR tokens need Apinator:Protocol HeaderCredentials (Skubber's X-Api-Key/X-Api-Secret credentials); it is {options.Protocol}. Set the protocol, or do not map the Skubber token endpoint.");
        }

        var copy = options.Clone();
        copy.MaxResponseBytes = Math.Min(copy.MaxResponseBytes, MaxAnswerBytes);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _transport = new RestTransport(httpClient, copy, dialect, _time, _logger);
        _origin = copy.ResolveBaseAddress().GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        _body = RequestBody(copy.Key, copy.Secret);
    }

    /// <inheritdoc />
    public ValueTask<SkubberToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = Volatile.Read(ref _cached);
        return cached is not null && _time.GetUtcNow() < cached.NextFetchAt
            ? ValueTask.FromResult(cached.Token)
            : new ValueTask<SkubberToken>(WaitForFetchAsync(cancellationToken));
    }

    /// <inheritdoc />
    public Uri GetHubUrl(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new Uri(string.Concat(_origin, HubPath, "?userId=", Uri.EscapeDataString(userId)), UriKind.Absolute);
    }

    /// <summary>Never shows the secret or a token.</summary>
    /// <returns>The service's address.</returns>
    public override string ToString() => $"SkubberTokenSource {{ {_origin} }}";

    private async Task<SkubberToken> WaitForFetchAsync(CancellationToken cancellationToken)
    {
        Task<SkubberToken> fetching;
        lock (_gate)
        {
            var cached = _cached;
            if (cached is not null && _time.GetUtcNow() < cached.NextFetchAt) return cached.Token;
            // A finished fetch is shared again only while its failure is fresh: a token it brought is cached.
            if (_fetching is null || (_fetching.IsCompleted && (_fetching.IsCompletedSuccessfully || _time.GetUtcNow() >= _failedUntil))) _fetching = FetchAsync();
            fetching = _fetching;
        }

        return await fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SkubberToken> FetchAsync()
    {
        var fetchedAt = _time.GetUtcNow();
        string jwt;
        try
        {
            // Not tied to any one caller's token: the others wait on this fetch too. Apinator:Timeout bounds it.
            jwt = await _transport.SendAsync(HttpMethod.Post, TokenPath, NoQuery, _body, ReadToken, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ApinatorException e)
        {
            var failure = e is ApinatorAuthenticationException refused ? Refused(refused) : e;
            var now = _time.GetUtcNow();
            var cached = Volatile.Read(ref _cached);
            if (cached is null || now >= cached.Token.ExpiresAt)
            {
                _failedUntil = now + FailureBackoff;
                if (ReferenceEquals(failure, e)) throw;
                throw failure;
            }

            // The token in hand is still accepted: browsers keep connecting while Skubber is away.
            var retryAt = Min(now + RetryInterval, cached.Token.ExpiresAt);
            LogRenewalFailed(_logger, failure.GetType().Name, failure.StatusCode, cached.Token.ExpiresAt, failure);
            Volatile.Write(ref _cached, cached with { NextFetchAt = retryAt });
            return cached.Token;
        }

        var expiresAt = JwtExpiry.Read(jwt) ?? fetchedAt + DocumentedLifetime;
        var life = expiresAt - fetchedAt;
        if (life <= TimeSpan.Zero) LogExpiredOnArrival(_logger, expiresAt, fetchedAt);
        var token = new SkubberToken(jwt, expiresAt);
        // A token that arrives expired (a clock far off) is handed out but not kept.
        var nextFetchAt = life <= TimeSpan.Zero ? fetchedAt : Min(fetchedAt + life * 0.8, expiresAt - RenewMargin);
        Volatile.Write(ref _cached, new Cached(token, Max(nextFetchAt, fetchedAt)));
        LogFetched(_logger, expiresAt);
        return token;
    }

    /// <summary>The same refusal, with a message that says what to fix.</summary>
    private static ApinatorAuthenticationException Refused(ApinatorAuthenticationException e) =>
        new($"Skubber refused the app's API key and secret ({e.StatusCode}) when asked for a SignalR token: check Apinator:Key and Apinator:Secret against the app's credentials in Skubber. The service said: {e.Message}")
        {
            StatusCode = e.StatusCode,
            ResponseBody = e.ResponseBody,
            ProblemCode = e.ProblemCode,
        };

    private static string ReadToken(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } jwt
            ? jwt
            : throw new JsonException("The answer has no 'token' string.");

    private static byte[] RequestBody(string key, string secret)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiKey", key);
            writer.WriteString("apiSecret", secret);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The token in hand and when the next one is fetched (never after it expires).</summary>
    private sealed record Cached(SkubberToken Token, DateTimeOffset NextFetchAt);

    [LoggerMessage(EventId = 53, Level = LogLevel.Debug, Message = "Skubber SignalR token fetched; it expires at {ExpiresAt:O}")]
    private static partial void LogFetched(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 54, Level = LogLevel.Warning, Message = "Skubber SignalR token renewal failed ({Failure}, status {Status}); the current token is served until it expires at {ExpiresAt:O}")]
    private static partial void LogRenewalFailed(ILogger logger, string failure, int status, DateTimeOffset expiresAt, Exception exception);

    [LoggerMessage(EventId = 55, Level = LogLevel.Warning, Message = "Skubber SignalR token expired at {ExpiresAt:O}, before it arrived at {FetchedAt:O}: check this server's clock")]
    private static partial void LogExpiredOnArrival(ILogger logger, DateTimeOffset expiresAt, DateTimeOffset fetchedAt);
}
