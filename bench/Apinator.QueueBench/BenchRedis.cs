using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Apinator.QueueBench;

/// <summary>
/// A redis-server of the bench's own: append-only (so the durable queue is measured as it must run),
/// on a free loopback port, its files in a temporary folder, stopped by its process id. Installed with
/// tests/redis/install-redis.sh when it is missing.
/// </summary>
internal sealed class BenchRedis : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchRedis(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ConnectionString = $"127.0.0.1:{port}";
    }

    public string ConnectionString { get; }

    /// <summary>The CPU time redis-server has used so far: the durable queue's cost outside the app's process.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<BenchRedis> StartAsync()
    {
        var executable = FindExecutable() ?? Install();
        var directory = Directory.CreateTempSubdirectory("apinator-queuebench-redis-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new BenchRedis(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited at start-up with code {process.ExitCode}.");
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",connectTimeout=1000");
                await connection.GetDatabase().PingAsync();
                return redis;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        await redis.DisposeAsync();
        throw new TimeoutException("redis-server did not answer within 15 s.");
    }

    /// <summary>Stops the server by its own process id (never by name: other Redis servers may run here).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindExecutable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static string Install()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "tests", "redis", "install-redis.sh"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("redis-server is missing and tests/redis/install-redis.sh was not found above the bench.");
        Console.WriteLine("redis-server is missing: running tests/redis/install-redis.sh");
        using var install = Process.Start("bash", Path.Combine(root.FullName, "tests", "redis", "install-redis.sh"));
        install.WaitForExit();
        return FindExecutable() ?? throw new InvalidOperationException("tests/redis/install-redis.sh did not install redis-server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
