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
