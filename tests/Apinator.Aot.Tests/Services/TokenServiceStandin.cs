using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Apinator.Aot.Tests.Services;

/// <summary>
/// Skubber's token service as its documentation describes it (PROTOCOL.md, "Header credentials"):
/// <c>POST /api/auth/signalr-token</c> with JSON <c>{"apiKey","apiSecret"}</c> answers
/// <c>{"token"}</c>, a JWT whose <c>exp</c> is one hour after issue; a wrong key or secret is
/// refused with 401. The app's key and secret are <see cref="AppUnderTest"/>'s.
/// </summary>
internal sealed class TokenServiceStandin : IAsyncDisposable
{
    public const string TokenPath = "/api/auth/signalr-token";

    private readonly int? _status;
    private LoopbackService _service = null!;
    private int _requests;

    private TokenServiceStandin(int? status) => _status = status;

    public Uri Address => _service.Address;

    /// <summary>The scheme and authority the hub URLs must start with.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Every request that reached the service, token requests or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The last token issued, and its <c>exp</c>.</summary>
    public (string Token, DateTimeOffset ExpiresAt)? Issued { get; private set; }

    /// <summary>A token service answering as documented, or with <paramref name="status"/> to every request (an outage).</summary>
    public static async Task<TokenServiceStandin> StartAsync(int? status = null)
    {
        var standin = new TokenServiceStandin(status);
        standin._service = await LoopbackService.StartAsync(standin.HandleAsync);
        return standin;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (_status is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (context.Request.Path != TokenPath || context.Request.Method != HttpMethods.Post)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        if (Text(root, "apiKey") != AppUnderTest.Key || Text(root, "apiSecret") != AppUnderTest.Secret)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"Invalid API key or secret"}""");
            return;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600);
        var token = Jwt($$"""{"sub":"{{AppUnderTest.Key}}","iat":{{expiresAt.ToUnixTimeSeconds() - 3600}},"exp":{{expiresAt.ToUnixTimeSeconds()}}}""");
        Issued = (token, expiresAt);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"token":"{{token}}"}""");
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Jwt(string claims)
    {
        var unsigned = Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Encode(claims);
        var signature = HMACSHA256.HashData("standin-signing-key"u8, Encoding.UTF8.GetBytes(unsigned));
        return unsigned + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    private static string Encode(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
