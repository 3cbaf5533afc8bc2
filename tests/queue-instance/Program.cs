using System.Globalization;
using Apinator.AspNetCore.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QueueInstance;

/// <summary>
/// One app instance with a durable publish queue, configured as docs/publish-queue.md shows, for the
/// process-kill test. Settings come as command-line configuration (--Apinator:BaseAddress=…,
/// --Redis=…, --Queue=…, --Lanes=…, --LeaseMs=…). It reads one event a line from stdin,
/// "{channel} {data}", and writes "accepted {channel} {data}" to stdout once EnqueueAsync has returned
/// (the event is in Redis), so the test knows exactly what was accepted. Logs go to stderr.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var settings = builder.Configuration;
        builder.Services.AddApinator(settings.GetSection("Apinator"))
            .AddPublishQueue(queue =>
            {
                queue.Linger = TimeSpan.Zero;
                queue.Lanes = settings.GetValue("Lanes", 8);
                queue.OnGivenUp = (failure, _) =>
                {
                    Console.Out.WriteLine($"givenup {failure.Event.Channel} {failure.Event.Data} {failure.Reason}");
                    return ValueTask.CompletedTask;
                };
            })
            .UseRedisPublishQueue(settings["Redis"], redis =>
            {
                redis.Name = settings["Queue"] ?? "default";
                redis.Lease = TimeSpan.FromMilliseconds(settings.GetValue("LeaseMs", 5000));
                redis.PollInterval = TimeSpan.FromMilliseconds(50);
            });

        using var host = builder.Build();
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IApinatorPublisher>();
        Console.Out.WriteLine("ready");

        while (await Console.In.ReadLineAsync() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) continue;
            var (channel, data) = (line[..space], line[(space + 1)..]);
            await publisher.EnqueueAsync(channel, "shipped", data);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted {channel} {data}"));
        }

        await host.StopAsync();
    }
}
