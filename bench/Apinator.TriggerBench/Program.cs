using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Apinator;
using Apinator.TriggerBench;

// Trigger throughput: ApinatorClient.TriggerAsync beside raw HttpClient POSTs of the identical,
// pre-signed request, and the Node "pusher" SDK, all against one local sink on 127.0.0.1.
// Usage: dotnet run -c Release --project bench/Apinator.TriggerBench -- [--total 20000] [--concurrency 64] [--rounds 5] [--no-node] [--only h2c] [--decompose]
var total = IntArg("--total", 20_000);
var concurrency = IntArg("--concurrency", 64);
var rounds = IntArg("--rounds", 5);
var warmup = IntArg("--warmup", 2_000);
var deadline = TimeSpan.FromSeconds(IntArg("--deadline-seconds", 60));
var decompose = args.Contains("--decompose");
var AsBuilt = new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true };
const string Channel = "bench-channel";
const string EventName = "bench-event";
const string Data = "{\"n\":1}";
// HeaderCredentials sends key and secret as headers, no signature: the client's cost without any crypto.
ApinatorProtocol[] protocols = [ApinatorProtocol.Pusher, ApinatorProtocol.Apinator, ApinatorProtocol.HeaderCredentials];

await using var sink = await Sink.StartAsync();
Console.WriteLine($"sink {sink.Address}  total {total}  concurrency {concurrency}  rounds {rounds} (medians; ratio = median of per-round ratios)  cores {Environment.ProcessorCount}");

var contenders = new List<Contender>();
foreach (var protocol in protocols)
{
    // HTTP/2 cleartext for Pusher (the issue's measurement: a URL signed anew on every call) and for
    // HeaderCredentials (a URL that never changes), which tells the URL's share of the cost apart.
    bool[] http2Modes = protocol is ApinatorProtocol.Pusher or ApinatorProtocol.HeaderCredentials ? [false, true] : [false];
    foreach (var http2 in http2Modes)
    {
        var options = new ApinatorOptions
        {
            AppId = "4242", Key = "pk-bench", Secret = "sk-bench-9d81e5b4c0a64f2e8b1d7c3a", Protocol = protocol,
            BaseAddress = http2 ? sink.Http2Address : sink.Address,
            HttpVersion = http2 ? ApinatorHttpVersion.Http2Only : ApinatorHttpVersion.Http11,
        };
        var transport = http2 ? "h2c" : "HTTP/1.1";
        // Standalone client: it owns a SocketsHttpHandler, as a console app's would.
        var client = new ApinatorClient(options);
        var captured = await CapturedRequest.CaptureAsync(options, c => c.TriggerAsync(Channel, EventName, Data));
        // The baseline's handler is the client's own (pooled, recycled, decompression on, HTTP/2 multiplexed).
        var raw = new HttpClient(ApinatorClient.CreatePrimaryHandler());
        contenders.Add(new Contender($"raw HttpClient ({protocol}, {transport})", protocol, transport, IsRaw: true, async () =>
        {
            using var request = captured.ToRequest(http2);
            using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }));
        contenders.Add(new Contender($"ApinatorClient ({protocol}, {transport})", protocol, transport, IsRaw: false, () => client.TriggerAsync(Channel, EventName, Data)));
        if (decompose && protocol == ApinatorProtocol.Pusher)
        {
            // Where a signed call's cost goes beyond the raw replay: a Uri parsed per call (same URL),
            // then a URL that differs on every call (as a signature does), for client and sink alike.
            var url = captured.Uri.OriginalString;
            contenders.Add(new Contender($"raw, Uri per call ({protocol}, {transport})", protocol, transport, IsRaw: false, async () =>
            {
                using var request = captured.ToRequest(http2, new Uri(url, in AsBuilt));
                using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }));
            var signer = new HandSigned(captured, options.Key, options.Secret);
            contenders.Add(new Contender($"raw, signed per call ({protocol}, {transport})", protocol, transport, IsRaw: false, async () =>
            {
                using var request = signer.Next(http2);
                using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }));
            var counter = 0L;
            contenders.Add(new Contender($"raw, URL per call ({protocol}, {transport})", protocol, transport, IsRaw: false, async () =>
            {
                // The signature's 64 hex characters replaced by a counter: a new URL each call, no HMAC.
                var n = Interlocked.Increment(ref counter);
                var fresh = string.Create(url.Length, (url, n), static (span, state) =>
                {
                    state.url.AsSpan().CopyTo(span);
                    state.n.TryFormat(span[^16..], out _, "x16", CultureInfo.InvariantCulture);
                });
                using var request = captured.ToRequest(http2, new Uri(fresh, in AsBuilt));
                using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }));
        }
    }
}

// --only <text>: just the contenders whose name holds it (e.g. "h2c"), for a profiler to watch one path.
var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
if (only is not null) contenders.RemoveAll(c => !c.Name.Contains(only, StringComparison.Ordinal));
foreach (var contender in contenders) await RunAsync(contender.Call, warmup);

var results = contenders.ToDictionary(c => c, _ => new List<Result>());
for (var round = 0; round < rounds; round++)
{
    // Rotate the order so no contender always runs first on a machine whose load drifts.
    for (var i = 0; i < contenders.Count; i++)
    {
        var contender = contenders[(i + round) % contenders.Count];
        results[contender].Add(await RunAsync(contender.Call, total));
    }
}

Console.WriteLine();
Console.WriteLine("| client | requests/sec | ratio | CPU/op (process, incl. sink) | alloc/op (process, incl. sink) | failed |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
double? pusherClientRps = null;
foreach (var group in contenders.GroupBy(c => (c.Protocol, c.Transport)))
{
    var raw = group.SingleOrDefault(c => c.IsRaw) is { } baseline ? results[baseline] : null;
    foreach (var contender in group)
    {
        var median = Median(results[contender]);
        // Each round's raw and client runs are neighbours in time, so their ratio cancels most drift.
        var ratio = raw is null ? double.NaN : MedianRatio(results[contender], raw);
        if (group.Key == (ApinatorProtocol.Pusher, "HTTP/1.1") && !contender.IsRaw) pusherClientRps = median.Rps;
        Console.WriteLine($"| {contender.Name} | {median.Rps:N0} | {ratio:0.00}× raw | {median.CpuMicrosecondsPerCall:0.0} µs | {median.BytesPerCall:N0} B | {median.Failed} |");
    }
}

Console.WriteLine();
foreach (var isRaw in only is null ? [false, true] : Array.Empty<bool>())
{
    var h1 = results[contenders.Single(c => c is { Protocol: ApinatorProtocol.Pusher, Transport: "HTTP/1.1" } && c.Name.StartsWith(isRaw ? "raw HttpClient" : "ApinatorClient", StringComparison.Ordinal))];
    var h2 = results[contenders.Single(c => c is { Protocol: ApinatorProtocol.Pusher, Transport: "h2c" } && c.Name.StartsWith(isRaw ? "raw HttpClient" : "ApinatorClient", StringComparison.Ordinal))];
    Console.WriteLine($"{(isRaw ? "raw HttpClient" : "ApinatorClient")} (Pusher): h2c ÷ HTTP/1.1 = {MedianRatio(h2, h1):0.00}× (median of per-round ratios)");
}

foreach (var transport in decompose ? ["HTTP/1.1", "h2c"] : Array.Empty<string>())
{
    var client = contenders.SingleOrDefault(c => c.Transport == transport && c.Name.StartsWith("ApinatorClient (Pusher", StringComparison.Ordinal));
    var signing = contenders.SingleOrDefault(c => c.Transport == transport && c.Name.StartsWith("raw, signed per call", StringComparison.Ordinal));
    if (client is null || signing is null) continue;
    Console.WriteLine($"ApinatorClient ÷ raw signed per call (Pusher, {transport}) = {MedianRatio(results[client], results[signing]):0.00}× (median of per-round ratios)");
}

if (!args.Contains("--no-node") && pusherClientRps is not null) RunNode(sink.Address, pusherClientRps!.Value);

async Task<Result> RunAsync(Func<Task> call, int count)
{
    var started = -1;
    var completed = 0;
    var failed = 0;
    using var timeout = new CancellationTokenSource(deadline);
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (!timeout.IsCancellationRequested && Interlocked.Increment(ref started) < count)
        {
            try
            {
                await call();
                Interlocked.Increment(ref completed);
            }
            catch (Exception e) when (e is HttpRequestException or ApinatorException or TaskCanceledException)
            {
                if (Interlocked.Increment(ref failed) == 1) Console.Error.WriteLine($"first failure: {e.GetType().Name}: {e.Message}");
            }
        }
    });
    await Task.WhenAll(workers);
    var seconds = stopwatch.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    return completed == 0
        ? new Result(0, 0, 0, failed)
        : new Result(completed / seconds, allocated / completed, cpu.TotalMicroseconds / completed, failed);
}

void RunNode(Uri sinkAddress, double dotnetRps)
{
    var script = Path.Combine(AppContext.BaseDirectory, "../../../../load/node-trigger.mjs");
    var start = new ProcessStartInfo("node", [Path.GetFullPath(script)]) { RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["SINK_URL"] = sinkAddress.ToString();
    start.Environment["CONCURRENCY"] = concurrency.ToString(CultureInfo.InvariantCulture);
    start.Environment["TOTAL"] = total.ToString(CultureInfo.InvariantCulture);
    start.Environment["WARMUP"] = warmup.ToString(CultureInfo.InvariantCulture);
    start.Environment["DEADLINE_MS"] = ((int)deadline.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
    Process node;
    try
    {
        node = Process.Start(start)!;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        Console.WriteLine("node not found: Node SDK comparison skipped.");
        return;
    }

    using (node)
    {
        var output = node.StandardOutput.ReadToEnd();
        var error = node.StandardError.ReadToEnd();
        if (!node.WaitForExit(deadline * 3)) node.Kill();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (node.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"Node SDK run failed (exit {node.ExitCode}); is tests/node/node_modules installed (npm ci)?\n{error}");
            return;
        }

        using var json = JsonDocument.Parse(line);
        var rps = json.RootElement.GetProperty("rps").GetDouble();
        Console.WriteLine($"| {json.RootElement.GetProperty("client").GetString()} (Pusher, separate process) | {rps:N0} | ApinatorClient (Pusher) is {dotnetRps / rps:0.00}× it | n/a | n/a | {json.RootElement.GetProperty("failed").GetInt32()} |");
    }
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static Result Median(List<Result> runs) => runs.OrderBy(r => r.Rps).ElementAt(runs.Count / 2);

double MedianRatio(List<Result> mine, List<Result> baseline) => mine.Zip(baseline, (m, b) => m.Rps / b.Rps).Order().ElementAt(rounds / 2);

internal sealed record Contender(string Name, ApinatorProtocol Protocol, string Transport, bool IsRaw, Func<Task> Call);

internal sealed record Result(double Rps, long BytesPerCall, double CpuMicrosecondsPerCall, int Failed);
