using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Apinator.Benchmarks.Naive;

/// <summary>Encrypted-channel payloads the hand-rolled way: a SHA256 object per call, LINQ concatenation, a dictionary for the JSON.</summary>
public sealed class NaiveEncryption(byte[] masterKey)
{
    public string Encrypt(string channel, string plaintext, byte[] nonce)
    {
        var box = Sodium.SecretBox.Create(Encoding.UTF8.GetBytes(plaintext), nonce, SharedSecret(channel));
        return $"{{\"nonce\":\"{Convert.ToBase64String(nonce)}\",\"ciphertext\":\"{Convert.ToBase64String(box)}\"}}";
    }

    public string Decrypt(string channel, string data)
    {
        var payload = JsonSerializer.Deserialize<Dictionary<string, string>>(data)!;
        var plain = Sodium.SecretBox.Open(Convert.FromBase64String(payload["ciphertext"]), Convert.FromBase64String(payload["nonce"]), SharedSecret(channel));
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] SharedSecret(string channel)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(channel).Concat(masterKey).ToArray());
    }
}
