using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apinator.Buffers;
using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Serialization;
using Apinator.Signing;
using Apinator.Validation;

namespace Apinator.Channels;

/// <summary>
/// Signs channel authorizations and user sign-ins (pure, no I/O). Every input is validated before
/// anything is signed. Thread-safe; create one per app.
/// </summary>
public sealed class ChannelAuthorizer
{
    private readonly string _key;
    private readonly HmacKey _secret;
    private readonly JsonSerializerOptions _json;
    private readonly JsonData _data;
    private readonly JsonBuffers _buffers;
    private readonly ChannelEncryption? _encryption;
    private readonly ServiceDialect _dialect;

    /// <summary>Creates an authorizer for the app described by <paramref name="options"/>.</summary>
    /// <param name="options">The app's settings; <see cref="ApinatorOptions.Key"/> and <see cref="ApinatorOptions.Secret"/> are required.</param>
    /// <exception cref="ApinatorConfigurationException">The key or secret is missing, or the master key is malformed.</exception>
    public ChannelAuthorizer(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Key)) throw new ApinatorConfigurationException("Apinator:Key is required.");
        if (string.IsNullOrEmpty(options.Secret)) throw new ApinatorConfigurationException("Apinator:Secret is required.");
        _key = options.Key;
        _secret = new HmacKey(options.Secret);
        _json = options.GetJsonSerializerOptions();
        _data = new JsonData(_json);
        _buffers = new JsonBuffers(_json.Encoder);
        _encryption = ChannelEncryption.FromOptions(options);
        _dialect = ServiceDialect.Of(options);
    }

    /// <summary>
    /// Authorizes a socket to subscribe to a <c>private-</c>, <c>private-encrypted-</c> or
    /// <c>presence-</c> channel.
    /// </summary>
    /// <param name="socketId">The socket id the browser sent (<c>1234.5678</c>).</param>
    /// <param name="channelName">The channel the browser asked for.</param>
    /// <param name="member">For presence channels, the member built from the server-side user; must be null otherwise.</param>
    /// <returns>The answer to return to the browser.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule.</exception>
    /// <exception cref="ApinatorEncryptionException">An encrypted channel was asked for and no master key is configured.</exception>
    public ChannelAuthorization Authorize(string socketId, string channelName, PresenceMember? member = null)
    {
        ProtocolRules.SocketId(socketId, nameof(socketId));
        // The service's own names: on Sockudo the namespaced channels (private-chat:room1) it publishes to.
        _dialect.CheckChannelName(channelName, nameof(channelName));

        var isPresence = channelName.StartsWith("presence-", StringComparison.Ordinal);
        var isEncrypted = ChannelEncryption.IsEncryptedChannel(channelName);
        if (!isPresence && !channelName.StartsWith("private-", StringComparison.Ordinal))
        {
            throw new ApinatorValidationException(
                $"Channel '{channelName}' is public: only private-, private-encrypted- and presence- channels need authorization.", nameof(channelName));
        }

        if (isPresence)
        {
            if (member is null)
            {
                throw new ApinatorValidationException($"Presence channel '{channelName}' needs a member (user id and info) from the signed-in user.", nameof(member));
            }

            if (string.IsNullOrEmpty(member.UserId))
            {
                throw new ApinatorValidationException("The presence member's user_id must not be empty.", nameof(member));
            }

            return AuthorizePresence(socketId, channelName, member);
        }

        if (member is not null)
        {
            throw new ApinatorValidationException($"Channel '{channelName}' is not a presence channel; it takes no member.", nameof(member));
        }

        string? sharedSecret = null;
        if (isEncrypted)
        {
            if (_encryption is null) throw ChannelEncryption.NoMasterKey(channelName);
            sharedSecret = _encryption.SharedSecretBase64(channelName);
        }

        return new ChannelAuthorization(Sign(socketId, channelName, default), null, sharedSecret);
    }

    /// <summary>Signs a user sign-in (<c>{socket_id}::user::{user_data}</c>).</summary>
    /// <param name="socketId">The socket id the browser sent.</param>
    /// <param name="user">The signed-in user, from the server side.</param>
    /// <returns>The answer to return to the browser.</returns>
    /// <exception cref="ApinatorValidationException">The socket id is malformed, the id is empty, or the fields are not an object.</exception>
    public UserAuthentication AuthenticateUser(string socketId, UserData user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ProtocolRules.SocketId(socketId, nameof(socketId));
        if (string.IsNullOrEmpty(user.Id))
        {
            throw new ApinatorValidationException("The user data's id must not be empty.", nameof(user));
        }

        var scratch = _buffers.RentBuffer();
        var writer = _buffers.RentWriter(scratch);
        try
        {
            // {"id":…, …fields}: the id is written, then the fields object is serialized after it as
            // a value of its own and SignUser splices the two, so no intermediate document is built.
            writer.WriteStartObject();
            writer.WriteString("id"u8, user.Id);
            writer.Flush();
            var idLength = scratch.WrittenCount;
            if (user.Fields is not null)
            {
                writer.Reset();
                _data.Write(writer, user.Fields);
                writer.Flush();
                CheckUserFields(scratch.WrittenSpan[idLength..]);
            }

            return SignUser(socketId, scratch.WrittenSpan[..idLength], scratch.WrittenSpan[idLength..]);
        }
        finally
        {
            _buffers.Return(writer);
            _buffers.Return(scratch);
        }
    }

    private ChannelAuthorization AuthorizePresence(string socketId, string channelName, PresenceMember member)
    {
        var scratch = _buffers.RentBuffer();
        var writer = _buffers.RentWriter(scratch);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("user_id"u8, member.UserId);
            writer.WritePropertyName("user_info"u8);
            if (member.UserInfo is null)
            {
                // Apinator's browser client refuses channel_data without a user_info object
                // (apinator-io/sdk-js); Pusher's clients accept an empty one.
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else if (_data.InfoFor(member.UserInfo) is { Kind: JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary })
            {
                // The built-in object and dictionary contracts always write an object.
                _data.Write(writer, member.UserInfo);
            }
            else
            {
                // A custom converter, JsonElement, a string…: checked on what it wrote.
                writer.Flush();
                var infoStart = scratch.WrittenCount;
                _data.Write(writer, member.UserInfo);
                writer.Flush();
                if (scratch.WrittenCount == infoStart || scratch.WrittenSpan[infoStart] != (byte)'{')
                {
                    throw new ApinatorValidationException(
                        "The presence member's user_info must serialize to a JSON object (e.g. new { name = \"Ada\" }): Apinator's browser client refuses anything else.", nameof(member));
                }
            }

            writer.WriteEndObject();
            writer.Flush();
            var channelData = scratch.WrittenSpan;
            return new ChannelAuthorization(Sign(socketId, channelName, channelData), Encoding.UTF8.GetString(channelData), null);
        }
        finally
        {
            _buffers.Return(writer);
            _buffers.Return(scratch);
        }
    }

    /// <summary>
    /// Signs <c>{socket_id}::user::{user_data}</c>, user_data being <paramref name="idPart"/> (<c>{"id":…</c>)
    /// continued by the members of <paramref name="fields"/> (a compact JSON object, or empty).
    /// </summary>
    private UserAuthentication SignUser(string socketId, ReadOnlySpan<byte> idPart, ReadOnlySpan<byte> fields)
    {
        var toSign = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        try
        {
            toSign.AppendUtf8(socketId);
            toSign.Append("::user::"u8);
            var userDataStart = toSign.Written.Length;
            toSign.Append(idPart);
            if (fields.Length > 2)
            {
                // The fields object without its '{' continues the id's object.
                toSign.Append((byte)',');
                toSign.Append(fields[1..]);
            }
            else
            {
                toSign.Append((byte)'}');
            }

            var userData = Encoding.UTF8.GetString(toSign.Written[userDataStart..]);
            return new UserAuthentication(Auth(toSign.Written), userData);
        }
        finally
        {
            toSign.Dispose();
        }
    }

    /// <summary>Signs <c>{socket_id}:{channel}</c>, or <c>{socket_id}:{channel}:{channel_data}</c> when there is channel data.</summary>
    private string Sign(string socketId, string channelName, ReadOnlySpan<byte> channelData)
    {
        var toSign = new SpanBuilder<byte>(stackalloc byte[SpanBuilder<byte>.StackSize]);
        try
        {
            toSign.AppendUtf8(socketId);
            toSign.Append((byte)':');
            toSign.AppendUtf8(channelName);
            if (!channelData.IsEmpty)
            {
                toSign.Append((byte)':');
                toSign.Append(channelData);
            }

            return Auth(toSign.Written);
        }
        finally
        {
            toSign.Dispose();
        }
    }

    /// <summary><c>{key}:{hex signature}</c>.</summary>
    private string Auth(ReadOnlySpan<byte> toSign)
    {
        var length = _key.Length + 1 + HmacKey.HexLength;
        Span<char> auth = length <= 256 ? stackalloc char[length] : new char[length];
        _key.CopyTo(auth);
        auth[_key.Length] = ':';
        _secret.WriteHex(toSign, auth[(_key.Length + 1)..]);
        return new string(auth);
    }

    private static void CheckUserFields(ReadOnlySpan<byte> fields)
    {
        var reader = new Utf8JsonReader(fields);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ApinatorValidationException("User data fields must serialize to a JSON object (e.g. new { name = \"Ada\" }).", "user");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                throw new ApinatorValidationException("User data fields must not contain 'id': pass the id as UserData.Id.", "user");
            }

            reader.Read();
            reader.Skip();
        }
    }
}
