using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Apinator.Encryption;

/// <summary>
/// End-to-end encryption of <c>private-encrypted-</c> channels, interoperable with pusher-js and the
/// Node and Python server SDKs: per-channel key = SHA-256(channel name ‖ master key); payload = NaCl
/// secretbox (XSalsa20-Poly1305, libsodium through Sodium.Core) with a fresh random 24-byte nonce.
/// </summary>
public sealed class ChannelEncryption
{
    /// <summary>The prefix of end-to-end encrypted channels.</summary>
    public const string ChannelPrefix = "private-encrypted-";

    private const int KeyBytes = 32;
    private const int NonceBytes = 24;
    private const int MacBytes = 16;
    private readonly byte[] _masterKey;

    /// <summary>Creates the encryption for a master key.</summary>
    /// <param name="masterKeyBase64">Base64 of exactly 32 bytes.</param>
    /// <exception cref="ApinatorConfigurationException">The key is not base64 of 32 bytes.</exception>
    public ChannelEncryption(string masterKeyBase64)
    {
        if (!TryDecodeMasterKey(masterKeyBase64, out var key))
        {
            throw new ApinatorConfigurationException("Apinator:EncryptionMasterKeyBase64 must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
        }

        _masterKey = key;
    }

    /// <summary>Whether <paramref name="channelName"/> is an end-to-end encrypted channel.</summary>
    /// <param name="channelName">A channel name.</param>
    /// <returns>True for <c>private-encrypted-…</c>.</returns>
    public static bool IsEncryptedChannel(string channelName) =>
        channelName.StartsWith(ChannelPrefix, StringComparison.Ordinal);

    /// <summary>The per-channel key, base64, as returned in <c>shared_secret</c>.</summary>
    /// <param name="channelName">The encrypted channel's name.</param>
    /// <returns>Base64 of SHA-256(channel name ‖ master key).</returns>
    public string SharedSecretBase64(string channelName)
    {
        Span<byte> key = stackalloc byte[KeyBytes];
        DeriveSharedSecret(channelName, key);
        return Convert.ToBase64String(key);
    }

    /// <summary>Encrypts an event's data for a channel with a fresh random nonce.</summary>
    /// <param name="channelName">The encrypted channel's name.</param>
    /// <param name="plaintext">The UTF-8 payload (usually JSON text).</param>
    /// <returns>The JSON text <c>{"nonce","ciphertext"}</c> to send as the event's data.</returns>
    public string Encrypt(string channelName, ReadOnlySpan<byte> plaintext)
    {
        var nonce = new byte[NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        return Encrypt(channelName, plaintext, nonce);
    }

    /// <summary>Decrypts an encrypted event's data.</summary>
    /// <param name="channelName">The encrypted channel's name.</param>
    /// <param name="data">The JSON text <c>{"nonce","ciphertext"}</c>.</param>
    /// <returns>The plaintext, UTF-8 decoded.</returns>
    /// <exception cref="ApinatorEncryptionException">The payload is malformed, tampered with, or was sealed with another key.</exception>
    public string Decrypt(string channelName, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[] nonce;
        byte[] ciphertext;
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("nonce", out var nonceElement) || nonceElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("ciphertext", out var cipherElement) || cipherElement.ValueKind != JsonValueKind.String)
            {
                throw new ApinatorEncryptionException($"Encrypted data on '{channelName}' is not a {{\"nonce\",\"ciphertext\"}} object.");
            }

            nonce = nonceElement.GetBytesFromBase64();
            ciphertext = cipherElement.GetBytesFromBase64();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ApinatorEncryptionException($"Encrypted data on '{channelName}' is not valid JSON with base64 nonce and ciphertext.");
        }

        if (nonce.Length != NonceBytes)
        {
            throw new ApinatorEncryptionException($"Encrypted data on '{channelName}' has a {nonce.Length}-byte nonce; 24 bytes are expected.");
        }

        if (ciphertext.Length < MacBytes)
        {
            throw new ApinatorEncryptionException($"Encrypted data on '{channelName}' is {ciphertext.Length} bytes, shorter than the 16-byte authenticator.");
        }

        var key = new byte[KeyBytes];
        DeriveSharedSecret(channelName, key);
        try
        {
            // The box is MAC ‖ encrypted message. Opened detached because Sodium.Core's combined Open
            // strips 16 leading zero bytes (a legacy-format shim): it would accept a box no NaCl peer
            // accepts and throw OverflowException on a short one, and client events are sender-controlled.
            return Encoding.UTF8.GetString(Sodium.SecretBox.OpenDetached(ciphertext[MacBytes..], ciphertext[..MacBytes], nonce, key));
        }
        catch (CryptographicException)
        {
            throw new ApinatorEncryptionException($"Encrypted data on '{channelName}' failed authentication: it was tampered with or sealed with another key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal string Encrypt(string channelName, ReadOnlySpan<byte> plaintext, byte[] nonce)
    {
        var key = new byte[KeyBytes];
        DeriveSharedSecret(channelName, key);
        byte[] box;
        try
        {
            box = Sodium.SecretBox.Create(plaintext.ToArray(), nonce, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return SealedJson(nonce, box);
    }

    /// <summary>The one error for an encrypted channel used without a master key.</summary>
    internal static ApinatorEncryptionException NoMasterKey(string channelName, string? consequence = null) =>
        new($"Channel '{channelName}' is end-to-end encrypted and no master key is configured: set Apinator:EncryptionMasterKeyBase64 (32 random bytes, base64).{(consequence is null ? "" : " " + consequence)}");

    internal static ChannelEncryption? FromOptions(ApinatorOptions options) =>
        string.IsNullOrEmpty(options.EncryptionMasterKeyBase64) ? null : new ChannelEncryption(options.EncryptionMasterKeyBase64);

    internal static bool TryDecodeMasterKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrEmpty(base64)) return false;
        var buffer = new byte[KeyBytes + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != KeyBytes) return false;
        key = buffer[..KeyBytes];
        return true;
    }

    /// <summary><c>{"nonce":"…","ciphertext":"…"}</c>, base64 written straight into the one string.</summary>
    private static string SealedJson(byte[] nonce, byte[] box)
    {
        const string Start = "{\"nonce\":\"";
        const string Middle = "\",\"ciphertext\":\"";
        const string End = "\"}";
        var length = Start.Length + Base64Length(nonce.Length) + Middle.Length + Base64Length(box.Length) + End.Length;
        return string.Create(length, (nonce, box), static (chars, state) =>
        {
            Start.CopyTo(chars);
            var at = Start.Length;
            Convert.TryToBase64Chars(state.nonce, chars[at..], out var written);
            at += written;
            Middle.CopyTo(chars[at..]);
            at += Middle.Length;
            Convert.TryToBase64Chars(state.box, chars[at..], out written);
            at += written;
            End.CopyTo(chars[at..]);
        });
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    private void DeriveSharedSecret(string channelName, Span<byte> destination)
    {
        // Channel names are at most 164 characters, so the input fits on the stack in practice.
        var length = Encoding.UTF8.GetByteCount(channelName) + _masterKey.Length;
        byte[]? rented = null;
        var input = (length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length)))[..length];
        try
        {
            var nameBytes = Encoding.UTF8.GetBytes(channelName, input);
            _masterKey.CopyTo(input[nameBytes..]);
            SHA256.HashData(input, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
