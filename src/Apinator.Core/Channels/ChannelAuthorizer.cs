using System.Buffers;
using System.Text;
using System.Text.Json;
using Apinator.Encryption;
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
    private readonly byte[] _secret;
    private readonly JsonSerializerOptions _json;
    private readonly ChannelEncryption? _encryption;

    /// <summary>Creates an authorizer for the app described by <paramref name="options"/>.</summary>
    /// <param name="options">The app's settings; <see cref="ApinatorOptions.Key"/> and <see cref="ApinatorOptions.Secret"/> are required.</param>
    /// <exception cref="ApinatorConfigurationException">The key or secret is missing, or the master key is malformed.</exception>
    public ChannelAuthorizer(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Key)) throw new ApinatorConfigurationException("Apinator:Key is required.");
        if (string.IsNullOrEmpty(options.Secret)) throw new ApinatorConfigurationException("Apinator:Secret is required.");
        _key = options.Key;
        _secret = Encoding.UTF8.GetBytes(options.Secret);
        _json = options.GetJsonSerializerOptions();
        _encryption = ChannelEncryption.FromOptions(options);
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
        ProtocolRules.ChannelName(channelName, nameof(channelName));

        var isPresence = channelName.StartsWith("presence-", StringComparison.Ordinal);
        var isEncrypted = channelName.StartsWith("private-encrypted-", StringComparison.Ordinal);
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

            var channelData = WriteChannelData(member);
            return new ChannelAuthorization(Sign(socketId, ":", channelName, channelData), channelData, null);
        }

        if (member is not null)
        {
            throw new ApinatorValidationException($"Channel '{channelName}' is not a presence channel; it takes no member.", nameof(member));
        }

        string? sharedSecret = null;
        if (isEncrypted)
        {
            if (_encryption is null)
            {
                throw new ApinatorEncryptionException(
                    $"Channel '{channelName}' is end-to-end encrypted and no master key is configured: set Apinator:EncryptionMasterKeyBase64 (32 random bytes, base64).");
            }

            sharedSecret = _encryption.SharedSecretBase64(channelName);
        }

        return new ChannelAuthorization(Sign(socketId, ":", channelName, null), null, sharedSecret);
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

        var userData = WriteUserData(user);
        return new UserAuthentication(Sign(socketId, "::user::", userData, null), userData);
    }

    private string Sign(string socketId, string separator, string subject, string? channelData)
    {
        Span<byte> initial = stackalloc byte[Utf8Buffer.StackSize];
        var buffer = new Utf8Buffer(initial);
        try
        {
            buffer.Append(socketId);
            buffer.Append(separator);
            buffer.Append(subject);
            if (channelData is not null)
            {
                buffer.Append((byte)':');
                buffer.Append(channelData);
            }

            var length = _key.Length + 1 + HmacSignature.HexLength;
            Span<char> auth = length <= 256 ? stackalloc char[length] : new char[length];
            _key.CopyTo(auth);
            auth[_key.Length] = ':';
            HmacSignature.WriteHex(_secret, buffer.Written, auth[(_key.Length + 1)..]);
            return new string(auth);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private string WriteChannelData(PresenceMember member)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = _json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("user_id", member.UserId);
            if (member.UserInfo is not null)
            {
                writer.WritePropertyName("user_info");
                JsonSerializer.Serialize(writer, member.UserInfo, member.UserInfo.GetType(), _json);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private string WriteUserData(UserData user)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = _json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", user.Id);
            if (user.Fields is not null)
            {
                var fields = JsonSerializer.SerializeToElement(user.Fields, user.Fields.GetType(), _json);
                if (fields.ValueKind != JsonValueKind.Object)
                {
                    throw new ApinatorValidationException("User data fields must serialize to a JSON object (e.g. new { name = \"Ada\" }).", nameof(user));
                }

                foreach (var property in fields.EnumerateObject())
                {
                    if (property.NameEquals("id"))
                    {
                        throw new ApinatorValidationException("User data fields must not contain 'id': pass the id as UserData.Id.", nameof(user));
                    }

                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
