using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Apinator.Channels;
using Apinator.Testing.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Apinator.Testing.Tests.Auth;

public sealed class AuthClientTestingTests
{
    private const string SocketId = "77.88";
    private static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    private static Task<TinyApp> StartAsync(string? secretTheAppSignsWith = null) =>
        TinyApp.StartAsync(
            options: o =>
            {
                o.EncryptionMasterKeyBase64 = MasterKey;
                if (secretTheAppSignsWith is not null) o.Secret = secretTheAppSignsWith;
            },
            services: s => s.AddTestUserAuthentication(),
            apinator: a => a
                .AuthorizeChannel("private-orders-{id}", c => c.UserId == c.Values["id"])
                .AuthorizeChannel("private-encrypted-vault", _ => true)
                .AuthorizePresenceChannel("presence-chat", c => new PresenceMember(c.UserId!, new { name = c.User.Identity!.Name }))
                .WithUserData(user => new UserData(user.FindFirstValue(ClaimTypes.NameIdentifier)!, new { name = user.Identity!.Name })),
            map: a =>
            {
                a.MapApinatorChannelAuth();
                a.MapApinatorUserAuth();
            });

    private static AuthTestClient ClientFor(TinyApp app) =>
        new(app.Client, new ApinatorOptions { Key = TinyApp.Key, Secret = TinyApp.Secret, EncryptionMasterKeyBase64 = MasterKey });

    private static string Hex(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    [Theory]
    [InlineData(AuthBodyFormat.Json)]
    [InlineData(AuthBodyFormat.Form)]
    public async Task Own_private_channel_is_granted_with_a_verified_signature(AuthBodyFormat format)
    {
        await using var app = await StartAsync();
        var alice = ClientFor(app).WithBodyFormat(format).AsUser("alice");

        var result = await alice.AuthorizeChannelAsync("private-orders-alice", SocketId);

        var grant = result.EnsureGranted();
        Assert.Equal($"{TinyApp.Key}:{Hex(TinyApp.Secret, $"{SocketId}:private-orders-alice")}", grant.Auth);
        Assert.True(grant.SignatureVerified);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
    }

    [Fact]
    public async Task Another_users_channel_is_refused_with_403_and_anonymous_with_401()
    {
        await using var app = await StartAsync();
        var client = ClientFor(app);

        var other = await client.AsUser("alice").AuthorizeChannelAsync("private-orders-bob");
        var anonymous = await client.AuthorizeChannelAsync("private-orders-alice");
        var unknown = await client.AsUser("alice").AuthorizeChannelAsync("private-nothing");

        Assert.False(other.IsGranted);
        Assert.Equal(HttpStatusCode.Forbidden, other.EnsureRefused(HttpStatusCode.Forbidden).StatusCode);
        anonymous.EnsureRefused(HttpStatusCode.Unauthorized);
        unknown.EnsureRefused(HttpStatusCode.Forbidden);
        var error = Assert.Throws<ApinatorAssertionException>(() => other.EnsureGranted());
        Assert.StartsWith("Expected 'private-orders-bob' to be granted, but the app refused it: 403", error.Message, StringComparison.Ordinal);
        Assert.Throws<ApinatorAssertionException>(() => other.EnsureRefused(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Presence_member_comes_from_the_signed_in_user_and_is_signed()
    {
        await using var app = await StartAsync();

        var result = await ClientFor(app).AsUser("alice", "Alice A.").AuthorizeChannelAsync("presence-chat", SocketId, channelData: """{"user_id":"mallory"}""");

        var grant = result.EnsureGranted();
        Assert.Equal("alice", grant.UserId);
        Assert.Equal("Alice A.", grant.UserInfo!.Value.GetProperty("name").GetString());
        Assert.Equal($"{TinyApp.Key}:{Hex(TinyApp.Secret, $"{SocketId}:presence-chat:{grant.ChannelData}")}", grant.Auth);
    }

    [Fact]
    public async Task Encrypted_channel_shared_secret_is_checked_against_the_master_key()
    {
        await using var app = await StartAsync();

        var grant = (await ClientFor(app).AsUser("alice").AuthorizeChannelAsync("private-encrypted-vault")).EnsureGranted();

        var expected = Convert.ToBase64String(SHA256.HashData([.. Encoding.UTF8.GetBytes("private-encrypted-vault"), .. Convert.FromBase64String(MasterKey)]));
        Assert.Equal(expected, grant.SharedSecret);
        Assert.True(grant.SignatureVerified);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_reported()
    {
        await using var app = await StartAsync(secretTheAppSignsWith: "a-different-secret");

        var result = await ClientFor(app).AsUser("alice").AuthorizeChannelAsync("private-orders-alice");

        Assert.True(result.IsGranted);
        Assert.False(result.Granted!.SignatureVerified);
        var error = Assert.Throws<ApinatorAssertionException>(() => result.EnsureGranted());
        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthBodyFormat.Json)]
    [InlineData(AuthBodyFormat.Form)]
    public async Task User_sign_in_is_signed_for_the_signed_in_user(AuthBodyFormat format)
    {
        await using var app = await StartAsync();

        var result = await ClientFor(app).WithBodyFormat(format).AsUser("alice").AuthenticateUserAsync(SocketId);

        var grant = result.EnsureGranted();
        Assert.Equal("alice", grant.UserId);
        Assert.Equal($"{TinyApp.Key}:{Hex(TinyApp.Secret, $"{SocketId}::user::{grant.UserData}")}", grant.Auth);
        (await ClientFor(app).AuthenticateUserAsync()).EnsureRefused(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_socket_id_is_refused_with_400_and_its_problem()
    {
        await using var app = await StartAsync();

        var refusal = (await ClientFor(app).AsUser("alice").AuthorizeChannelAsync("private-orders-alice", "1.1:private-orders-bob")).EnsureRefused(HttpStatusCode.BadRequest);

        Assert.NotNull(refusal.Title);
        Assert.Contains("socket", refusal.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Headers_and_request_callback_are_applied()
    {
        await using var app = await StartAsync();
        var seen = new List<string>();
        var client = new AuthTestClient(app.Client, new ApinatorOptions { Key = TinyApp.Key, Secret = TinyApp.Secret, EncryptionMasterKeyBase64 = MasterKey })
        {
            ConfigureRequest = request => seen.Add(request.RequestUri!.ToString()),
        }.WithHeader(TestUserAuthentication.UserHeader, "bob");

        (await client.AuthorizeChannelAsync("private-orders-bob")).EnsureGranted();

        Assert.Equal([AuthTestClient.DefaultChannelAuthPath], seen);
    }
}
