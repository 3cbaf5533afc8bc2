using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Apinator.AspNetCore.Tests.Webhooks;

/// <summary>
/// A real <c>redis-server</c> (Debian's, installed by tests/redis/install-redis.sh) on a free
/// loopback port, stopped by its own process id. Without persistence by default, on purpose: most
/// tests need no data to outlive the server, and a restart that empties it is what some test. With
/// <c>appendOnly</c>, as production should run it: every write is in the append-only file before
/// Redis answers, so a killed server comes back with its data. Never skipped: without
/// redis-server every test using it fails with a message saying how to install it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;
    private readonly string? _directory;

    private RedisServer(string executable, int port, bool appendOnly)
    {
        Executable = executable;
        Port = port;
        if (appendOnly) _directory = Directory.CreateTempSubdirectory("apinator-redis-").FullName;
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>
    /// A StackExchange.Redis connection string with short command timeouts, so an outage shows in about
    /// a second. Connecting may take longer on a busy machine (a stopped server refuses at once anyway).
    /// </summary>
    public string ConnectionString => $"127.0.0.1:{Port},connectTimeout=5000,asyncTimeout=1000,syncTimeout=1000,connectRetry=1";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync(bool appendOnly = false)
    {
        var server = new RedisServer(FindExecutable(), FreePort(), appendOnly);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port: empty, or with the data of its append-only file.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("redis-server is already running.");
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_directory is null)
        {
            start.ArgumentList.Add("--appendonly");
            start.ArgumentList.Add("no");
        }
        else
        {
            foreach (var argument in new[] { "--appendonly", "yes", "--appendfsync", "always", "--dir", _directory }) start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited at start-up with code {_process.ExitCode} (port {Port} taken?).");
            if (await RespondsAsync()) return;
            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer PING on 127.0.0.1:{Port} within 15 s.");
    }

    /// <summary>Kills the server (its own process id only), as a crash would.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> RespondsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindExecutable()
    {
        string[] candidates = ["/usr/bin/redis-server", .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "redis-server"))];
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "redis-server is not installed, and the Redis webhook tests need a real one. Run `bash tests/redis/install-redis.sh` as root " +
            "(or `sudo apt-get install -y --no-install-recommends redis-server`); test.sh does this when it runs as root.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One Redis for every test of a class; tests that stop it start their own.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture is not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
