using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Apinator.Encryption;

namespace Apinator.Testing;

/// <summary>
/// Asks an app's channel-auth and user-auth endpoints as a browser would, and checks each signature
/// it returns with the app's key and secret by an HMAC computed here (not by the library). Get one with
/// <c>factory.CreateAuthClient()</c>. Instances are immutable: <see cref="AsUser"/>, <see cref="WithHeader"/>
/// and <see cref="WithBodyFormat"/> return changed copies.
/// </summary>
public sealed class AuthTestClient
{
    /// <summary>The route <c>MapApinatorChannelAuth</c> maps by default.</summary>
    public const string DefaultChannelAuthPath = "/realtime/auth";

    /// <summary>The route <c>MapApinatorUserAuth</c> maps by default.</summary>
    public const string DefaultUserAuthPath = "/realtime/user-auth";

    /// <summary>The socket id sent unless another is given.</summary>
    public const string DefaultSocketId = "1234.5678";

    private readonly string _key;
    private readonly string _secret;
    private readonly byte[]? _masterKey;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    /// <summary>Creates a client that checks answers with the app's settings.</summary>
    /// <param name="httpClient">A client whose base address is the app; give one that keeps cookies to stay signed in.</param>
    /// <param name="options">The app's settings: key, secret and, for encrypted channels, the master key.</param>
    public AuthTestClient(HttpClient httpClient, ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        HttpClient = httpClient;
        _key = options.Key;
        _secret = options.Secret;
        _masterKey = string.IsNullOrEmpty(options.EncryptionMasterKeyBase64) ? null : Convert.FromBase64String(options.EncryptionMasterKeyBase64);
        _headers = [];
    }

    private AuthTestClient(AuthTestClient from, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        HttpClient = from.HttpClient;
        _key = from._key;
        _secret = from._secret;
        _masterKey = from._masterKey;
        _headers = headers;
        ChannelAuthPath = from.ChannelAuthPath;
        UserAuthPath = from.UserAuthPath;
        BodyFormat = from.BodyFormat;
        ConfigureRequest = from.ConfigureRequest;
    }

    /// <summary>The client requests are sent with.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The channel-auth route.</summary>
    public string ChannelAuthPath { get; init; } = DefaultChannelAuthPath;

    /// <summary>The user-auth route.</summary>
    public string UserAuthPath { get; init; } = DefaultUserAuthPath;

    /// <summary>The body format; JSON unless set.</summary>
    public AuthBodyFormat BodyFormat { get; init; } = AuthBodyFormat.Json;

    /// <summary>Changes each request before it is sent, e.g. to add a bearer token or a cookie.</summary>
    public Action<HttpRequestMessage>? ConfigureRequest { get; init; }

    /// <summary>The extra headers sent with each request.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>
    /// A copy whose requests are signed in as a user through <see cref="TestUserAuthentication"/>
    /// (register it in the app with <c>services.AddTestUserAuthentication()</c>).
    /// </summary>
    /// <param name="userId">The user's id (the <c>NameIdentifier</c> claim).</param>
    /// <param name="name">The user's name (the <c>Name</c> claim); the id when null.</param>
    /// <returns>The copy.</returns>
    public AuthTestClient AsUser(string userId, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var client = WithHeader(TestUserAuthentication.UserHeader, userId);
        return name is null ? client : client.WithHeader(TestUserAuthentication.NameHeader, name);
    }

    /// <summary>A copy that sends one more header with each request.</summary>
    /// <param name="name">The header's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The copy.</returns>
    public AuthTestClient WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new AuthTestClient(this, [.. _headers, new(name, value)]);
    }

    /// <summary>A copy that writes its bodies in another format.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The copy.</returns>
    public AuthTestClient WithBodyFormat(AuthBodyFormat format) => new(this, _headers) { BodyFormat = format };

    /// <summary>Asks the app to authorize a channel for a socket, as a browser subscribing to it would.</summary>
    /// <param name="channel">The channel, e.g. <c>private-orders</c> or <c>presence-chat</c>.</param>
    /// <param name="socketId">The socket id; <see cref="DefaultSocketId"/> when null.</param>
    /// <param name="channelData">A <c>channel_data</c> field to send too (the app must ignore it: the member comes from the server-side user).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The grant, with its signature checked, or the refusal.</returns>
    /// <exception cref="ApinatorAssertionException">The app answered 2xx with something that is not an authorization.</exception>
    public async Task<ChannelAuthResult> AuthorizeChannelAsync(string channel, string? socketId = null, string? channelData = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        socketId ??= DefaultSocketId;
        List<KeyValuePair<string, string>> fields = [new("socket_id", socketId), new("channel_name", channel)];
        if (channelData is not null) fields.Add(new("channel_data", channelData));

        var (status, body) = await PostAsync(ChannelAuthPath, fields, cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(status)) return new ChannelAuthResult(channel, status, null, Refusal(status, body));

        var answer = ReadAnswer(body, $"'{channel}'");
        var auth = Required(answer, "auth", body);
        var data = Optional(answer, "channel_data");
        var shared = Optional(answer, "shared_secret");
        var signed = data is null ? $"{socketId}:{channel}" : $"{socketId}:{channel}:{data}";
        var verified = Verifies(auth, signed);
        if (shared is not null || ChannelEncryption.IsEncryptedChannel(channel))
        {
            verified &= shared is not null && SharedSecretVerifies(channel, shared);
        }

        return new ChannelAuthResult(channel, status, new ChannelAuthGrant(auth, data, shared) { SignatureVerified = verified }, null);
    }

    /// <summary>Asks the app to sign the current user in for a socket, as pusher-js's <c>signin()</c> would.</summary>
    /// <param name="socketId">The socket id; <see cref="DefaultSocketId"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The grant, with its signature checked, or the refusal.</returns>
    /// <exception cref="ApinatorAssertionException">The app answered 2xx with something that is not a sign-in.</exception>
    public async Task<UserAuthResult> AuthenticateUserAsync(string? socketId = null, CancellationToken cancellationToken = default)
    {
        socketId ??= DefaultSocketId;
        var (status, body) = await PostAsync(UserAuthPath, [new("socket_id", socketId)], cancellationToken).ConfigureAwait(false);
        if (!IsSuccess(status)) return new UserAuthResult(status, null, Refusal(status, body));

        var answer = ReadAnswer(body, "the user sign-in");
        var auth = Required(answer, "auth", body);
        var userData = Required(answer, "user_data", body);
        var verified = Verifies(auth, $"{socketId}::user::{userData}");
        return new UserAuthResult(status, new UserAuthGrant(auth, userData) { SignatureVerified = verified }, null);
    }

    /// <summary>The fields as a JSON object of strings, written without reflection.</summary>
    private static string JsonObject(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields) json.WriteString(name, value);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.RelativeOrAbsolute))
        {
            Content = BodyFormat == AuthBodyFormat.Form
                ? new FormUrlEncodedContent(fields)
                : new StringContent(JsonObject(fields), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in _headers) request.Headers.TryAddWithoutValidation(name, value);
        ConfigureRequest?.Invoke(request);

        using var response = await HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private bool Verifies(string auth, string signed)
    {
        var colon = auth.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !string.Equals(auth[..colon], _key, StringComparison.Ordinal)) return false;
        return Hmac.HexEquals(Hmac.Hex(_secret, signed), auth[(colon + 1)..]);
    }

    private bool SharedSecretVerifies(string channel, string sharedSecret)
    {
        // Without the master key the kit cannot know the channel's key; the signature check stands alone.
        if (_masterKey is null) return true;

        // SHA-256(channel name ‖ master key), as the Node and Python SDKs compute it.
        var expected = Convert.ToBase64String(SHA256.HashData([.. Encoding.UTF8.GetBytes(channel), .. _masterKey]));
        return string.Equals(expected, sharedSecret, StringComparison.Ordinal);
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and <= 299;

    private static AuthRefusal Refusal(HttpStatusCode status, string body)
    {
        var (title, detail) = Problem.Read(body);
        return new AuthRefusal(status, title, detail, body);
    }

    private static JsonElement ReadAnswer(string body, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        throw new ApinatorAssertionException($"The app answered {what} with success but not with a JSON object: {TriggeredEvent.Shorten(body)}");
    }

    private static string Required(JsonElement answer, string name, string body) =>
        Optional(answer, name) ?? throw new ApinatorAssertionException($"The app's answer has no '{name}' string: {TriggeredEvent.Shorten(body)}");

    private static string? Optional(JsonElement answer, string name) =>
        answer.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
