using System.Text.Json;
using System.Text.Json.Serialization;
using Apinator.AspNetCore.Publishing;
using Apinator.Rest;

namespace Apinator.AspNetCore.Redis;

/// <summary>A queued event as a stream entry holds it (the accepted-at time is a field of its own, for the depth script).</summary>
internal sealed record RedisQueuedEvent(string Channel, string Name, string? Data, string? SocketId, ChannelInfo Info, string? IdempotencyKey, Dictionary<string, string>? Tags, JsonElement? Extras)
{
    public static string Write(QueuedEvent queued)
    {
        var e = queued.Event;
        var stored = new RedisQueuedEvent(e.Channel, e.Name, e.Data as string, e.SocketId, e.Info, e.IdempotencyKey, e.Tags is null ? null : new Dictionary<string, string>(e.Tags), e.Extras);
        return JsonSerializer.Serialize(stored, RedisQueueJsonContext.Default.RedisQueuedEvent);
    }

    public static QueuedEvent Read(string json, long acceptedAtMs)
    {
        var stored = JsonSerializer.Deserialize(json, RedisQueueJsonContext.Default.RedisQueuedEvent) ?? throw new JsonException("A queued event entry is null.");
        var e = new BatchEvent(stored.Channel, stored.Name, stored.Data) { SocketId = stored.SocketId, Info = stored.Info, IdempotencyKey = stored.IdempotencyKey, Tags = stored.Tags, Extras = stored.Extras };
        return new QueuedEvent(e, DateTimeOffset.FromUnixTimeMilliseconds(acceptedAtMs));
    }
}

/// <summary>Source-generated (AOT and trim safe) JSON for <see cref="RedisQueuedEvent"/>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RedisQueuedEvent))]
internal sealed partial class RedisQueueJsonContext : JsonSerializerContext;
