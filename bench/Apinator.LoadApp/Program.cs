using Apinator;
using Apinator.AspNetCore.Webhooks;

// The endpoints bench/load/run-load.sh drives with wrk. Listens where --urls says (127.0.0.1 only).
var builder = WebApplication.CreateBuilder(args);
// Per-request logging would measure the console, not the endpoints.
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services
    .AddApinator(options =>
    {
        options.AppId = "4242";
        options.Key = LoadSettings.Key;
        options.Secret = LoadSettings.Secret;
        options.Protocol = ApinatorProtocol.Pusher;
        options.BaseAddress = new Uri("http://127.0.0.1:9"); // never called: nothing is triggered here
    })
    .AuthorizeChannel("private-bench", _ => true, requireAuthenticatedUser: false);
// The webhook max age stays on (5 minutes): run-load.sh signs a body with a fresh time_ms just
// before the run, so every request passes the age check too. wrk sends that one body over and
// over: after the first, each request is a replay, answered 200 once the in-memory delivery store
// has refused the claim (the handler is a no-op either way, so the path measured is the same).

var app = builder.Build();

app.MapApinatorChannelAuth("/realtime/auth");
app.MapApinatorWebhooks<NoopHandler>("/webhooks/apinator");

// The baseline: same framework, same request, an answer of the same size as the auth answer
// ({"auth":"<key>:<64 hex>"}), and no work at all.
var bareAnswer = "{\"auth\":\"" + LoadSettings.Key + ":" + new string('0', 64) + "\"}";
app.MapPost("/bare", () => Results.Text(bareAnswer, "application/json"));

app.Run();

/// <summary>Handles every webhook event by doing nothing, so the load test measures the endpoint itself.</summary>
internal sealed class NoopHandler : WebhookHandler;

/// <summary>The app's credentials; run-load.sh signs webhook bodies with the same secret.</summary>
internal static class LoadSettings
{
    public const string Key = "pk-load";
    public const string Secret = "sk-load-2f9c41d7";
}
