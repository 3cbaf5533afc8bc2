using System.Diagnostics;
using System.Globalization;
using Apinator;
using Apinator.AspNetCore.Publishing;
using Apinator.QueueBench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The publish queue, in memory and on Redis (a redis-server with --appendonly yes that the bench starts
// on a free loopback port and stops by its process id), against single TriggerAsync calls, same run,
// alternating rounds, one loopback sink; then enqueue-to-sink latency at a moderate rate, and memory
// while the sink is stalled and far more events are offered than the queue holds.
// Usage: dotnet run -c Release --project bench/Apinator.QueueBench -- [--total 50000] [--concurrency 32] [--rounds 5] [--rate 2000] [--offered 100000] [--no-redis]
var total = IntArg("--total", 50_000);
var concurrency = IntArg("--concurrency", 32);
var rounds = IntArg("--rounds", 5);
var rate = IntArg("--rate", 2_000);
var offered = IntArg("--offered", 100_000);
const string EventName = "bench-event";
const string Data = "{\"n\":1}";
// Many channels, as an app has: the queue spreads them over its lanes.
var channels = Enumerable.Range(0, 64).Select(i => $"bench-channel-{i}").ToArray();
var queueName = $"bench-{Guid.NewGuid():N}";

await using var sink = await BatchSink.StartAsync();
await using var redis = args.Contains("--no-redis") ? null : await BenchRedis.StartAsync();
Console.WriteLine($"sink {sink.Address}  total {total}  concurrency {concurrency}  rounds {rounds}  cores {Environment.ProcessorCount}  redis {redis?.ConnectionString ?? "off"}");

using (var app = await StartAppAsync(sink.Address, null))
using (var durable = redis is null ? null : await StartAppAsync(sink.Address, null, redis.ConnectionString))
{
    var apinator = app.Services.GetRequiredService<IApinator>();
    var queue = app.Services.GetRequiredService<IApinatorPublisher>();
    var arms = new List<(string Name, Func<int, Task> Publish, IApinatorPublisher? Queue)>
    {
        ($"single TriggerAsync, {concurrency} in flight", i => apinator.TriggerAsync(channels[i % channels.Length], EventName, Data), null),
        ("publish queue in memory (EnqueueAsync, batches of 10, 8 lanes), until sent", i => queue.EnqueueAsync(channels[i % channels.Length], EventName, Data).AsTask(), queue),
    };
    if (durable is not null)
    {
        var onRedis = durable.Services.GetRequiredService<IApinatorPublisher>();
        arms.Add(("publish queue on Redis (append-only, same settings), until sent", i => onRedis.EnqueueAsync(channels[i % channels.Length], EventName, Data).AsTask(), onRedis));
    }

    foreach (var arm in arms) await RunAsync(arm.Publish, 2_000, arm.Queue);
    var results = arms.Select(_ => new List<Result>()).ToList();
    for (var round = 0; round < rounds; round++)
    {
        // Rotate which goes first, so drift in the machine's load favours none.
        for (var k = 0; k < arms.Count; k++)
        {
            var a = (round + k) % arms.Count;
            results[a].Add(await RunAsync(arms[a].Publish, total, arms[a].Queue));
        }
    }

    Console.WriteLine();
    Console.WriteLine("| publishing | events/sec (median) | ratio to single TriggerAsync (median, range over rounds) | CPU/event (process, incl. sink and Redis client) | redis-server CPU/event | alloc/event (process, incl. sink) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    for (var a = 0; a < arms.Count; a++)
    {
        var ratios = results[a].Zip(results[0], (q, s) => q.EventsPerSecond / s.EventsPerSecond).Order().ToList();
        var m = Median(results[a]);
        Console.WriteLine($"| {arms[a].Name} | {m.EventsPerSecond:N0} | {ratios[rounds / 2]:0.00}× ({ratios[0]:0.00}–{ratios[^1]:0.00}) | {m.CpuMicroseconds:0.0} µs | {(arms[a].Name.Contains("Redis", StringComparison.Ordinal) ? $"{m.RedisCpuMicroseconds:0.0} µs" : "–")} | {m.Bytes:N0} B |");
    }
}

Console.WriteLine();
Console.WriteLine($"| enqueue-to-sink latency at {rate:N0} events/s | p50 | p99 | max |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var linger in new[] { TimeSpan.FromMilliseconds(5), TimeSpan.Zero })
{
    using var app = await StartAppAsync(sink.Address, o => o.Linger = linger);
    await MeasureLatencyAsync($"in memory, Linger {linger.TotalMilliseconds:0} ms", app.Services.GetRequiredService<IApinatorPublisher>(), null);
}

if (redis is not null)
{
    foreach (var linger in new[] { TimeSpan.FromMilliseconds(5), TimeSpan.Zero })
    {
        using var app = await StartAppAsync(sink.Address, o => o.Linger = linger, redis.ConnectionString);
        await MeasureLatencyAsync($"on Redis, enqueued and sent by one instance, Linger {linger.TotalMilliseconds:0} ms", app.Services.GetRequiredService<IApinatorPublisher>(), null);

        // Another instance of the app, never started (so it sends nothing), accepts the events: the sender learns of them from Redis.
        using var producer = await StartAppAsync(sink.Address, o => o.Linger = linger, redis.ConnectionString, start: false);
        await MeasureLatencyAsync($"on Redis, enqueued at another instance, Linger {linger.TotalMilliseconds:0} ms", producer.Services.GetRequiredService<IApinatorPublisher>(), app.Services.GetRequiredService<IApinatorPublisher>());
    }
}

using (var app = await StartAppAsync(sink.Address, o => (o.Capacity, o.FullMode) = (10_000, QueueFullMode.Throw)))
{
    var queue = app.Services.GetRequiredService<IApinatorPublisher>();
    var before = GC.GetTotalMemory(forceFullCollection: true);
    sink.Stall();
    int accepted = 0, refused = 0;
    for (var i = 0; i < offered; i++)
    {
        try
        {
            await queue.EnqueueAsync(channels[i % channels.Length], EventName, Data);
            accepted++;
        }
        catch (ApinatorQueueFullException)
        {
            refused++;
        }
    }

    var held = GC.GetTotalMemory(forceFullCollection: true) - before;
    var workingSet = Process.GetCurrentProcess().WorkingSet64;
    sink.Resume();
    await queue.FlushAsync();
    Console.WriteLine();
    Console.WriteLine("| sink stalled, events offered | accepted (capacity 10,000) | refused (ApinatorQueueFullException) | managed memory held | per accepted event | process working set |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {offered:N0} | {accepted:N0} | {refused:N0} | {held / 1024.0 / 1024.0:0.0} MB | {held / Math.Max(1, accepted):N0} B | {workingSet / 1024.0 / 1024.0:0} MB |");
}

async Task MeasureLatencyAsync(string name, IApinatorPublisher queue, IApinatorPublisher? sender)
{
    sink.Timing = true;
    await OfferAtRateAsync(queue, rate, seconds: 5);
    await (sender ?? queue).FlushAsync();
    sink.Timing = false;
    var latencies = sink.TakeLatencies();
    latencies.Sort();
    Console.WriteLine($"| {name} ({latencies.Count:N0} events) | {Percentile(latencies, 0.50):0.00} ms | {Percentile(latencies, 0.99):0.00} ms | {latencies[^1]:0.00} ms |");
}

async Task<IHost> StartAppAsync(Uri address, Action<PublishQueueOptions>? configure, string? redisQueue = null, bool start = true)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    var apinator = builder.Services.AddApinator(o =>
    {
        o.AppId = "4242";
        o.Key = "pk-bench";
        o.Secret = "sk-bench-9d81e5b4c0a64f2e8b1d7c3a";
        o.Protocol = ApinatorProtocol.Pusher;
        o.BaseAddress = address;
    }).AddPublishQueue(configure);
    // One queue name per run: a queue left over from an interrupted run is not measured.
    if (redisQueue is not null) apinator.UseRedisPublishQueue(redisQueue, r => r.Name = queueName);
    var host = builder.Build();
    if (start) await host.StartAsync();
    return host;
}

async Task<Result> RunAsync(Func<int, Task> publish, int count, IApinatorPublisher? queue)
{
    var started = -1;
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var redisCpuBefore = redis?.Cpu ?? TimeSpan.Zero;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref started)) < count) await publish(i);
    }));
    // Counted until the service has every event, not until the queue took them.
    if (queue is not null) await queue.FlushAsync();
    var seconds = stopwatch.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var redisCpu = (redis?.Cpu ?? TimeSpan.Zero) - redisCpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    return new Result(count / seconds, allocated / count, cpu.TotalMicroseconds / count, redisCpu.TotalMicroseconds / count);
}

async Task OfferAtRateAsync(IApinatorPublisher queue, int perSecond, int seconds)
{
    // Paced on elapsed time, not on a timer's ticks, so a late tick is caught up, not lost.
    var stopwatch = Stopwatch.StartNew();
    var sent = 0;
    var goal = perSecond * seconds;
    using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
    while (sent < goal && await ticks.WaitForNextTickAsync())
    {
        var due = Math.Min(goal, (int)(stopwatch.Elapsed.TotalSeconds * perSecond));
        for (; sent < due; sent++) await queue.EnqueueAsync(channels[sent % channels.Length], EventName, Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
    }
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static Result Median(List<Result> runs) => runs.OrderBy(r => r.EventsPerSecond).ElementAt(runs.Count / 2);

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

internal sealed record Result(double EventsPerSecond, long Bytes, double CpuMicroseconds, double RedisCpuMicroseconds);
