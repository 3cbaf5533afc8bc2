using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// The connection <c>UseRedisDeliveryStore</c> owns: opened by the first webhook rather than at
/// start-up (so the app starts, and answers its health checks, while Redis is down), and closed
/// with the app's services. A failed first connection is tried again by the next webhook.
/// </summary>
internal sealed class RedisConnection(ConfigurationOptions options) : IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private Task<ConnectionMultiplexer>? _connecting;

    /// <summary>
    /// Parses a connection string for <paramref name="caller"/>, set to start without Redis and keep
    /// reconnecting (an outage then means retries or 503s, not a crash loop). Connection strings may
    /// carry a password: no message repeats the string.
    /// </summary>
    public static ConfigurationOptions Parse(string? connectionString, string caller)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"{caller} needs a Redis connection string (e.g. ConnectionStrings:Redis = \"localhost:6379\"); it is empty.", nameof(connectionString));
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"The Redis connection string given to {caller} is malformed.", nameof(connectionString));
        }

        options.AbortOnConnectFail = false;
        return options;
    }

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_lock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled) _connecting = ConnectionMultiplexer.ConnectAsync(options);
            connecting = _connecting;
        }

        return await connecting.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_lock) connecting = _connecting;
        if (connecting is { IsCompletedSuccessfully: true }) connecting.Result.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_lock) connecting = _connecting;
        if (connecting is { IsCompletedSuccessfully: true })
        {
            await connecting.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
