using StackExchange.Redis;

namespace Apinator.AspNetCore.Redis;

/// <summary>
/// Wakes a lane's sender as soon as any instance accepts an event for it. StackExchange.Redis cannot
/// block on <c>XREAD</c> over its one multiplexed connection, so the add script publishes the lanes it
/// wrote to on the queue's channel (<c>apinator:queue:{name}:added</c>), and every instance subscribes.
/// Pub/sub is fire-and-forget: a notification published while a subscriber is reconnecting is lost, so
/// an idle lane still looks on its own every <see cref="RedisPublishQueueOptions.IdlePollInterval"/>.
/// </summary>
internal sealed class RedisQueueWakeups
{
    private readonly Lock _lock = new();
    private readonly Action<RedisChannel, RedisValue> _handler;
    private IConnectionMultiplexer? _redis;
    private Task? _subscribing;

    public RedisQueueWakeups(string channel, Action<int> wake)
    {
        Channel = RedisChannel.Literal(channel);
        _handler = (_, message) =>
        {
            if (message.TryParse(out int lane)) wake(lane);
        };
    }

    public RedisChannel Channel { get; }

    /// <summary>Subscribes once per connection; StackExchange.Redis subscribes again by itself after a reconnection.</summary>
    public Task SubscribeAsync(IConnectionMultiplexer redis)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_redis, redis) || _subscribing is { IsFaulted: true } or { IsCanceled: true })
            {
                _redis = redis;
                _subscribing = redis.GetSubscriber().SubscribeAsync(Channel, _handler);
            }

            return _subscribing!;
        }
    }

    /// <summary>Leaves a connection the app shares as it was.</summary>
    public async Task UnsubscribeAsync()
    {
        IConnectionMultiplexer? redis;
        lock (_lock) redis = _redis;
        if (redis is not null) await redis.GetSubscriber().UnsubscribeAsync(Channel, _handler).ConfigureAwait(false);
    }
}
