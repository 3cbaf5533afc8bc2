using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Redis;

/// <summary>The log events of the Redis stores, in one place so their ids stay distinct.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "The Redis of the webhook delivery store lost its data (restarted without persistence, flushed, or evicting keys): deliveries handled before may be handled again if the service replays them. Exactly-once needs a Redis that keeps its data: appendonly yes, and maxmemory-policy noeviction")]
    public static partial void WebhookStoreDataLost(ILogger logger);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Apinator publish queue on Redis: this instance now sends lane {Lane}")]
    public static partial void LaneAcquired(ILogger logger, int lane);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Apinator publish queue on Redis: lane {Lane} was taken over by another instance (this one missed its lease)")]
    public static partial void LaneLost(ILogger logger, int lane);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning, Message = "Apinator publish queue on Redis: Redis is unavailable ({ErrorType}); trying again")]
    public static partial void RedisUnavailable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 46, Level = LogLevel.Error, Message = "Apinator publish queue on Redis: entry {EntryId} of lane {Lane} is unreadable and was skipped")]
    public static partial void EntryUnreadable(ILogger logger, int lane, string entryId, Exception exception);

    [LoggerMessage(EventId = 47, Level = LogLevel.Error, Message = "The Redis of the publish queue lost its data (restarted without persistence, flushed, or evicting keys): events accepted before then and not yet sent are lost, without being reported one by one. Durability needs a Redis that keeps its data: appendonly yes, and maxmemory-policy noeviction")]
    public static partial void PublishQueueDataLost(ILogger logger);
}
