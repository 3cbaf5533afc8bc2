using System.Text;

namespace Apinator.Benchmarks;

/// <summary>The app and inputs every benchmark shares, and the self-check that both sides agree.</summary>
public static class Fixture
{
    public const string AppId = "4242";
    public const string Key = "pk-bench-7f3c2a";
    public const string Secret = "sk-bench-9d81e5b4c0a64f2e8b1d7c3a";
    public const string SocketId = "123456.7890123";
    public const string PrivateChannel = "private-orders-eu-1234";
    public const string PresenceChannel = "presence-room-42";
    public const string EncryptedChannel = "private-encrypted-vault";
    public const string MasterKeyBase64 = "7Jp0ZnFTzpsGGgyWvdgZbn8pNdmWvmQQZdHGXaD3Cbo=";
    public const long Timestamp = 1_700_000_000;

    /// <summary>A typical trigger body: one channel, a small JSON payload as a string.</summary>
    public static readonly byte[] TriggerBody = Encoding.UTF8.GetBytes(
        "{\"name\":\"order.created\",\"channels\":[\"private-orders-eu-1234\"],\"data\":\"{\\\"id\\\":\\\"ord_1\\\",\\\"total\\\":42.5,\\\"currency\\\":\\\"EUR\\\"}\"}");

    public static ApinatorOptions Options(ApinatorProtocol protocol = ApinatorProtocol.Apinator) => new()
    {
        AppId = AppId,
        Key = Key,
        Secret = Secret,
        Protocol = protocol,
        BaseAddress = new Uri("http://127.0.0.1:6001"),
        EncryptionMasterKeyBase64 = MasterKeyBase64,
    };

    /// <summary>Throws when the library and the naive baseline disagree: a benchmark of two different results means nothing.</summary>
    public static void Same(string what, string? library, string? naive)
    {
        if (!string.Equals(library, naive, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what}: library and naive outputs differ.\n  library: {library}\n  naive:   {naive}");
        }
    }
}
