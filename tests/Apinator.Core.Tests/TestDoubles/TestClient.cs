using Microsoft.Extensions.Time.Testing;

namespace Apinator.Tests.TestDoubles;

/// <summary>An <see cref="ApinatorClient"/> over a <see cref="RecordingHttpMessageHandler"/> and a clock fixed at <see cref="Now"/>.</summary>
internal sealed class TestClient : IDisposable
{
    /// <summary>Distinctive, so a leak into any text is easy to find.</summary>
    public const string Secret = "s3cr3t-Zebra-7781-Quokka";
    public const string Key = "app-key";
    public const string AppId = "app-1";
    public const string Timestamp = "1700000000";
    public const string MasterKeyBase64 = "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=";
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly HttpClient _http;

    public TestClient(ApinatorProtocol protocol = ApinatorProtocol.Apinator, Action<ApinatorOptions>? configure = null, TimeSpan? httpTimeout = null)
    {
        Options = OptionsFor(protocol);
        configure?.Invoke(Options);
        _http = new HttpClient(Handler);
        if (httpTimeout is { } timeout) _http.Timeout = timeout;
        Client = new ApinatorClient(_http, Options, new FakeTimeProvider(Now));
    }

    public RecordingHttpMessageHandler Handler { get; } = new();

    public ApinatorOptions Options { get; }

    public ApinatorClient Client { get; }

    public static ApinatorOptions OptionsFor(ApinatorProtocol protocol) => protocol switch
    {
        ApinatorProtocol.Apinator => new ApinatorOptions { AppId = AppId, Key = Key, Secret = Secret, Cluster = "eu" },
        ApinatorProtocol.Pusher => new ApinatorOptions { AppId = AppId, Key = Key, Secret = Secret, BaseAddress = new Uri("http://127.0.0.1:6001"), Protocol = protocol },
        ApinatorProtocol.HeaderCredentials => new ApinatorOptions { AppId = AppId, Key = Key, Secret = Secret, BaseAddress = new Uri("https://realtime.example.com"), Protocol = protocol },
        ApinatorProtocol.Sockudo => new ApinatorOptions { AppId = AppId, Key = Key, Secret = Secret, BaseAddress = new Uri("http://localhost:6001"), Protocol = protocol },
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    public static string ExpectedAuthority(ApinatorProtocol protocol) => protocol switch
    {
        ApinatorProtocol.Apinator => "https://ws-eu.apinator.io",
        ApinatorProtocol.Pusher => "http://127.0.0.1:6001",
        ApinatorProtocol.Sockudo => "http://localhost:6001",
        _ => "https://realtime.example.com",
    };

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }
}
