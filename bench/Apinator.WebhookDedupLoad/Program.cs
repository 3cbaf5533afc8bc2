// Webhook de-duplication under load: two app instances (two Kestrel servers on 127.0.0.1, each with
// its own Redis connection) share one Redis; a handler fails 10% of its calls; a sender retries
// every non-200 and sends a second copy of some deliveries to the other instance at the same time.
// At the end every delivery must have been handled exactly once.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Apinator;
using Apinator.AspNetCore.Webhooks;
using Apinator.Webhooks;

var redis = Arg("--redis") ?? throw new ArgumentException("--redis host:port is required (bench/load/run-dedup-load.sh starts one).");
var deliveries = int.Parse(Arg("--deliveries") ?? "5000", CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency") ?? "32", CultureInfo.InvariantCulture);
var failureRate = double.Parse(Arg("--failure-rate") ?? "0.1", CultureInfo.InvariantCulture);
var duplicateRate = double.Parse(Arg("--duplicate-rate") ?? "0.2", CultureInfo.InvariantCulture);
// Events per delivery: with more than one, the progress marks of the events cost store round trips.
var eventsPerDelivery = int.Parse(Arg("--events") ?? "1", CultureInfo.InvariantCulture);
const string Key = "load-key", Secret = "load-secret";

var handled = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var handlerFailures = 0;
var apps = new List<WebApplication>();
for (var i = 0; i < 2; i++)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Services.AddSingleton(new FlakyHandler.State(handled, failureRate, () => Interlocked.Increment(ref handlerFailures)));
    builder.Services.AddApinator(o =>
    {
        o.AppId = "load";
        o.Key = Key;
        o.Secret = Secret;
        o.BaseAddress = new Uri("http://127.0.0.1:9");
        o.Protocol = ApinatorProtocol.Pusher;
    }).UseRedisDeliveryStore(redis);
    var app = builder.Build();
    app.MapApinatorWebhooks<FlakyHandler>();
    await app.StartAsync();
    apps.Add(app);
}

var addresses = apps.Select(a => new Uri(a.Urls.First() + "/webhooks/apinator")).ToArray();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
var requests = 0;
var gaveUp = 0;
var start = Stopwatch.GetTimestamp();
var baseTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, ct) =>
{
    var events = string.Join(",", Enumerable.Range(0, eventsPerDelivery).Select(e => $$"""{"name":"channel_occupied","channel":"private-load-{{n}}-{{e}}"}"""));
    var body = $$"""{"time_ms":{{baseTime + n}},"events":[{{events}}]}""";
    var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));
    var first = Random.Shared.Next(2);
    var copies = Random.Shared.NextDouble() < duplicateRate ? new[] { first, 1 - first } : [first];
    // Each copy behaves as an independent sender that retries until it gets 200 (at most 20 tries).
    await Task.WhenAll(copies.Select(async instance =>
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, addresses[(instance + attempt) % 2]) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Pusher-Key", Key);
            request.Headers.Add("X-Pusher-Signature", signature);
            using var response = await http.SendAsync(request, ct);
            Interlocked.Increment(ref requests);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            if (response.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(5, ct);
        }

        Interlocked.Increment(ref gaveUp);
    }));
});

var elapsed = Stopwatch.GetElapsedTime(start);
foreach (var app in apps) await app.StopAsync();

var once = handled.Count(p => p.Value == 1);
var twice = handled.Count(p => p.Value > 1);
var lost = deliveries * eventsPerDelivery - handled.Count;
Console.WriteLine($"deliveries {deliveries}, requests {requests} ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"))})");
Console.WriteLine($"handler failures injected {handlerFailures}, senders that gave up {gaveUp}");
Console.WriteLine($"events per delivery {eventsPerDelivery}; events handled exactly once {once}, more than once {twice}, never {lost}");
Console.WriteLine($"elapsed {elapsed.TotalSeconds:0.0} s, {deliveries / elapsed.TotalSeconds:0} deliveries/s, {requests / elapsed.TotalSeconds:0} requests/s");
return twice == 0 && lost == 0 ? 0 : 1;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>Fails a share of its calls, as a handler whose database hiccups; counts the ones that succeed.</summary>
internal sealed class FlakyHandler(FlakyHandler.State state) : IWebhookHandler
{
    public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (Random.Shared.NextDouble() < state.FailureRate)
        {
            state.Failed();
            throw new InvalidOperationException("Injected failure.");
        }

        state.Handled.AddOrUpdate(webhookEvent.Channel, 1, (_, c) => c + 1);
        return Task.CompletedTask;
    }

    internal sealed record State(ConcurrentDictionary<string, int> Handled, double FailureRate, Action Failed);
}
