using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apinator.Tests.TestDoubles;

/// <summary>
/// A stand-in for Skubber's token service on a real Kestrel loopback port, answering as Skubber's
/// documentation describes: <c>POST /api/auth/signalr-token</c> with JSON <c>{"apiKey","apiSecret"}</c>
/// answers <c>{"token"}</c>, a JWT whose <c>exp</c> is one hour after issue (by <see cref="Clock"/>);
/// a wrong key or secret is refused with 401. Its refusal echoes the secret it received, as a careless
/// server might, so tests prove the client never passes such an echo on. Every request is recorded.
/// </summary>
internal sealed class SkubberStandin : IAsyncDisposable
{
    /// <summary>Distinctive, so a leak into any text is easy to find.</summary>
    public const string ApiSecret = "skubber-Secret-4471-Pangolin";
    public const string ApiKey = "mps_standin-key";
    public const string AppId = "skubber-app";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SkubberStandinRequest> _requests = new();
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _issued;

    private SkubberStandin(WebApplication app, TimeProvider clock) => (_app, Clock) = (app, clock);

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The clock the tokens' <c>iat</c> and <c>exp</c> come from.</summary>
    public TimeProvider Clock { get; }

    /// <summary>How long an issued token lives; Skubber documents one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether tokens carry an <c>exp</c> claim.</summary>
    public bool IncludeExp { get; set; } = true;

    /// <summary>When set, token requests wait for it before being answered.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, answers token requests instead of the documented behaviour (an outage, a malformed answer).</summary>
    public Func<HttpContext, Task>? Override { get; set; }

    public IReadOnlyList<SkubberStandinRequest> Requests => [.. _requests];

    /// <summary>Completes when the first request has arrived (and been recorded).</summary>
    public Task FirstRequest => _firstRequest.Task;

    public int TokensIssued => Volatile.Read(ref _issued);

    /// <summary>Options for a client of this stand-in.</summary>
    public ApinatorOptions Options(string secret = ApiSecret) => new()
    {
        AppId = AppId,
        Key = ApiKey,
        Secret = secret,
        BaseAddress = Address,
        Protocol = ApinatorProtocol.HeaderCredentials,
    };

    public static async Task<SkubberStandin> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standin = new SkubberStandin(app, clock ?? TimeProvider.System);
        app.Run(standin.HandleAsync);
        await app.StartAsync();
        standin.Address = new Uri(app.Urls.Single());
        return standin;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new SkubberStandinRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));
        _firstRequest.TrySetResult();
        if (Gate is { } gate) await gate.Task.WaitAsync(context.RequestAborted);

        if (context.Request.Path != "/api/auth/signalr-token" || context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (Override is { } answer)
        {
            await answer(context);
            return;
        }

        string? key = null, secret = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            key = json.RootElement.TryGetProperty("apiKey", out var k) ? k.GetString() : null;
            secret = json.RootElement.TryGetProperty("apiSecret", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
        }

        if (key != ApiKey || secret != ApiSecret)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = $"Invalid API key or secret '{secret}'" });
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["token"] = IssueToken() });
    }

    /// <summary>A loopback address nothing listens on: connections to it are refused at once, as to a Skubber that is down.</summary>
    public static Uri NobodyListening()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private string IssueToken()
    {
        var serial = Interlocked.Increment(ref _issued);
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = IncludeExp
            ? $$"""{"sub":"{{ApiKey}}","jti":"{{serial}}","iat":{{now}},"exp":{{now + (long)TokenLifetime.TotalSeconds}}}"""
            : $$"""{"sub":"{{ApiKey}}","jti":"{{serial}}","iat":{{now}}}""";
        var unsigned = Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Encode(claims);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes("standin-signing-key"), Encoding.UTF8.GetBytes(unsigned));
        return unsigned + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    private static string Encode(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the <see cref="SkubberStandin"/> received it.</summary>
internal sealed record SkubberStandinRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
