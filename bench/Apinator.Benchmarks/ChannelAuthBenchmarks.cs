using System.Text.Json;
using System.Text.Encodings.Web;
using Apinator.Benchmarks.Naive;
using Apinator.Channels;
using BenchmarkDotNet.Attributes;

namespace Apinator.Benchmarks;

/// <summary><c>private-</c> channel auth: <c>{key}:{hex HMAC(secret, "socket:channel")}</c>.</summary>
[MemoryDiagnoser]
public class PrivateChannelAuthBenchmarks
{
    private readonly ChannelAuthorizer _authorizer = new(Fixture.Options());
    private readonly string _key = Fixture.Key;
    private readonly string _secret = Fixture.Secret;
    private readonly string _socketId = Fixture.SocketId;
    private readonly string _channel = Fixture.PrivateChannel;

    [GlobalSetup]
    public void SelfCheck() => Fixture.Same("private auth", Library().Auth, Naive());

    [Benchmark(Baseline = true)]
    public string Naive() => _key + ":" + NaiveCrypto.HmacHex(_secret, $"{_socketId}:{_channel}");

    [Benchmark]
    public ChannelAuthorization Library() => _authorizer.Authorize(_socketId, _channel);
}

/// <summary><c>presence-</c> channel auth: the channel_data JSON plus the signature over it.</summary>
[MemoryDiagnoser]
public class PresenceChannelAuthBenchmarks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChannelAuthorizer _authorizer = new(Fixture.Options());
    private readonly string _key = Fixture.Key;
    private readonly string _secret = Fixture.Secret;
    private readonly string _socketId = Fixture.SocketId;
    private readonly string _channel = Fixture.PresenceChannel;
    private readonly string _userId = "u-1042";
    private readonly object _userInfo = new { name = "Ada Lovelace", role = "admin" };
    private PresenceMember _member = null!;

    [GlobalSetup]
    public void SelfCheck()
    {
        _member = new PresenceMember(_userId, _userInfo);
        var library = Library();
        var (auth, channelData) = Naive();
        Fixture.Same("presence channel_data", library.ChannelData, channelData);
        Fixture.Same("presence auth", library.Auth, auth);
    }

    [Benchmark(Baseline = true)]
    public (string Auth, string ChannelData) Naive()
    {
        var channelData = JsonSerializer.Serialize(new { user_id = _userId, user_info = _userInfo }, Json);
        return (_key + ":" + NaiveCrypto.HmacHex(_secret, $"{_socketId}:{_channel}:{channelData}"), channelData);
    }

    [Benchmark]
    public ChannelAuthorization Library() => _authorizer.Authorize(_socketId, _channel, _member);
}

/// <summary>User sign-in: the user_data JSON plus the signature over <c>socket::user::user_data</c>.</summary>
[MemoryDiagnoser]
public class UserAuthBenchmarks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChannelAuthorizer _authorizer = new(Fixture.Options());
    private readonly string _key = Fixture.Key;
    private readonly string _secret = Fixture.Secret;
    private readonly string _socketId = Fixture.SocketId;
    private readonly string _userId = "u-1042";
    private readonly string _name = "Ada Lovelace";
    private UserData _user = null!;

    [GlobalSetup]
    public void SelfCheck()
    {
        _user = new UserData(_userId, new { name = _name });
        var library = Library();
        var (auth, userData) = Naive();
        Fixture.Same("user_data", library.UserData, userData);
        Fixture.Same("user auth", library.Auth, auth);
    }

    [Benchmark(Baseline = true)]
    public (string Auth, string UserData) Naive()
    {
        var userData = JsonSerializer.Serialize(new { id = _userId, name = _name }, Json);
        return (_key + ":" + NaiveCrypto.HmacHex(_secret, $"{_socketId}::user::{userData}"), userData);
    }

    [Benchmark]
    public UserAuthentication Library() => _authorizer.AuthenticateUser(_socketId, _user);
}
