using System.Text;
using System.Text.Json;
using Apinator.Encryption;
using Apinator.Tests.Conformance;

namespace Apinator.Tests.Encryption;

public class ChannelEncryptionTests
{
    public static TheoryData<int, string> EncryptedEvents => ConformanceVectors.PusherCaseRows("encrypted_event", c => c.Text("channel_name"));

    private static ChannelEncryption VectorEncryption() => new(ConformanceVectors.PusherConfig.Text("encryption_master_key_base64"));

    private static JsonElement EncryptedEvent(int index) => ConformanceVectors.PusherCases("encrypted_event")[index];

    [Theory]
    [MemberData(nameof(EncryptedEvents))]
    public void The_shared_secret_matches_the_node_sdk(int index, string channelName)
    {
        Assert.Equal(EncryptedEvent(index).Text("shared_secret_base64"), VectorEncryption().SharedSecretBase64(channelName));
    }

    [Theory]
    [MemberData(nameof(EncryptedEvents))]
    public void The_node_sdk_payload_decrypts_to_the_plaintext(int index, string channelName)
    {
        var c = EncryptedEvent(index);

        Assert.Equal(c.Text("plaintext"), VectorEncryption().Decrypt(channelName, c.Text("expected_data")));
    }

    [Theory]
    [MemberData(nameof(EncryptedEvents))]
    public void Encrypting_with_the_vector_nonce_gives_exactly_the_node_sdk_payload(int index, string channelName)
    {
        var c = EncryptedEvent(index);

        var data = VectorEncryption().Encrypt(channelName, Encoding.UTF8.GetBytes(c.Text("plaintext")), Convert.FromBase64String(c.Text("nonce_base64")));

        Assert.Equal(c.Text("expected_data"), data);
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_nonce_and_round_trips()
    {
        var encryption = VectorEncryption();
        var plaintext = "{\"x\":1}"u8;

        var first = encryption.Encrypt("private-encrypted-a", plaintext);
        var second = encryption.Encrypt("private-encrypted-a", plaintext);

        Assert.NotEqual(first, second);
        Assert.Equal("{\"x\":1}", encryption.Decrypt("private-encrypted-a", first));
        Assert.Equal("{\"x\":1}", encryption.Decrypt("private-encrypted-a", second));
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var c = EncryptedEvent(0);
        using var document = JsonDocument.Parse(c.Text("expected_data"));
        var ciphertext = document.RootElement.GetProperty("ciphertext").GetBytesFromBase64();
        ciphertext[^1] ^= 0x01;
        var tampered = JsonSerializer.Serialize(new { nonce = document.RootElement.Text("nonce"), ciphertext = Convert.ToBase64String(ciphertext) });

        Assert.Throws<ApinatorEncryptionException>(() => VectorEncryption().Decrypt(c.Text("channel_name"), tampered));
    }

    [Fact]
    public void A_box_with_sixteen_zero_bytes_prepended_is_refused()
    {
        // tweetnacl and libsodium refuse it; a legacy-format shim that strips leading zeros must not accept it.
        var c = EncryptedEvent(0);
        using var document = JsonDocument.Parse(c.Text("expected_data"));
        var padded = new byte[16].Concat(document.RootElement.GetProperty("ciphertext").GetBytesFromBase64()).ToArray();
        var data = JsonSerializer.Serialize(new { nonce = document.RootElement.Text("nonce"), ciphertext = Convert.ToBase64String(padded) });

        Assert.Throws<ApinatorEncryptionException>(() => VectorEncryption().Decrypt(c.Text("channel_name"), data));
    }

    [Fact]
    public void A_payload_sealed_for_another_channel_is_refused()
    {
        var c = EncryptedEvent(0);

        Assert.Throws<ApinatorEncryptionException>(() => VectorEncryption().Decrypt("private-encrypted-other", c.Text("expected_data")));
    }

    [Fact]
    public void A_payload_opened_with_another_master_key_is_refused()
    {
        var c = EncryptedEvent(0);
        var other = new ChannelEncryption(Convert.ToBase64String(new byte[32]));

        Assert.Throws<ApinatorEncryptionException>(() => other.Decrypt(c.Text("channel_name"), c.Text("expected_data")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\"}")]
    [InlineData("{\"ciphertext\":\"AAAA\"}")]
    [InlineData("{\"nonce\":\"AAAA\",\"ciphertext\":\"M3RfMLOL2T31FShGSGkTKpZUuc8sfAwrnCZHyeAC4P+G6vAFJZkGqm39m7f+tkc=\"}")]
    [InlineData("{\"nonce\":\"!!\",\"ciphertext\":\"AAAA\"}")]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\",\"ciphertext\":\"AAAA\"}")]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\",\"ciphertext\":\"\"}")]
    [InlineData("{\"nonce\":\"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")]
    [InlineData("{\"nonce\":1,\"ciphertext\":\"AAAA\"}")]
    public void A_malformed_payload_is_refused_with_an_encryption_error(string data)
    {
        Assert.Throws<ApinatorEncryptionException>(() => VectorEncryption().Decrypt("private-encrypted-vault", data));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    public void A_master_key_that_is_not_32_bytes_is_refused(string masterKey)
    {
        Assert.Throws<ApinatorConfigurationException>(() => new ChannelEncryption(masterKey));
    }

    [Theory]
    [InlineData("private-encrypted-vault", true)]
    [InlineData("private-vault", false)]
    [InlineData("presence-encrypted-vault", false)]
    public void Encrypted_channels_are_recognised_by_their_prefix(string channel, bool encrypted)
    {
        Assert.Equal(encrypted, ChannelEncryption.IsEncryptedChannel(channel));
    }
}
