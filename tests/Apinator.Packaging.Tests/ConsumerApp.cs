using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Apinator.Packaging.Tests;

/// <summary>
/// A minimal-API app written from scratch in a temporary folder that gets Apinator.AspNetCore only as a
/// package from the local feed, built with the plain CLI and run as its own process.
/// </summary>
public sealed class ConsumerApp : IAsyncDisposable
{
    public const string Key = "packaging-key";
    public const string Secret = "packaging-secret";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ConsumerApp(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="feed">The local feed holding this run's packages.</param>
    /// <param name="startTimeout">How long the app may take to listen.</param>
    /// <param name="service">Where the app's realtime service is (its publish queue sends there); nowhere by default.</param>
    public static async Task<ConsumerApp> CreateAndStartAsync(PackedFeed feed, TimeSpan startTimeout, Uri? service = null)
    {
        var directory = Path.Combine(feed.WorkDirectory, "app");
        Directory.CreateDirectory(directory);
        WriteProject(directory, feed);
        await DotnetCommand.RunAsync(directory, BuildTimeout, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var dll = Path.Combine(directory, "bin", "Release", "net10.0", "PackageConsumer.dll");
        var start = DotnetCommand.StartInfo(directory, [dll, "--urls", baseAddress.ToString().TrimEnd('/'), "--Service", (service ?? new Uri("http://127.0.0.1:6001")).ToString()]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.Contains("Application started", StringComparison.Ordinal)) ready.TrySetResult();
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The app exited before it started listening."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new ConsumerApp(process, output, baseAddress);
        try
        {
            await ready.Task.WaitAsync(startTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The consuming app did not start within {startTimeout.TotalSeconds:0} s ({e.Message}):\n{app.Output}", e);
        }

        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private static void WriteProject(string directory, PackedFeed feed)
    {
        // Empty Directory.* files end MSBuild's and NuGet's upward search here, so nothing above the temporary
        // folder (a stray /tmp/Directory.Build.props, central package management) can leak into this app.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");

        // The local feed for Apinator.* and nuget.org (the default source) for everything else; the mapping
        // guarantees the Apinator packages come from this run's feed and nowhere else.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="Apinator.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        File.WriteAllText(Path.Combine(directory, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Apinator.AspNetCore" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), $$"""
            using Apinator;
            using Apinator.AspNetCore.Publishing;
            using Apinator.AspNetCore.Webhooks;
            using Apinator.Webhooks;

            var builder = WebApplication.CreateBuilder(args);

            builder.Services.AddApinator(o =>
                {
                    o.AppId = "1";
                    o.Key = "{{Key}}";
                    o.Secret = "{{Secret}}";
                    o.Protocol = ApinatorProtocol.Pusher;
                    o.BaseAddress = new Uri(builder.Configuration["Service"]!);
                })
                .AuthorizeChannel("private-test", _ => true, requireAuthenticatedUser: false)
                .AddPublishQueue();

            var app = builder.Build();
            app.MapApinatorChannelAuth();
            app.MapApinatorWebhooks<Hooks>();
            app.MapPost("/enqueue", async (IApinatorPublisher queue, CancellationToken ct) =>
            {
                await queue.EnqueueAsync("private-packed", "packed-event", "{\"n\":1}", cancellationToken: ct);
                return Results.Accepted();
            });
            app.Run();

            sealed class Hooks(ILogger<Hooks> logger) : WebhookHandler
            {
                public override Task OnChannelOccupiedAsync(ChannelOccupiedEvent e, CancellationToken ct)
                {
                    logger.LogWarning("handled channel_occupied {Channel}", e.Channel);
                    return Task.CompletedTask;
                }
            }

            """);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
