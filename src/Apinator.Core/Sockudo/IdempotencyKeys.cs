using System.Globalization;
using System.Security.Cryptography;
using Apinator.Dialects;
using Apinator.Rest;

namespace Apinator.Sockudo;

/// <summary>
/// Checks and generates Sockudo idempotency keys for publishes. Sockudo keeps a key about 120 s and
/// refuses an empty one or one longer than 128 bytes (its defaults); keys also travel as the
/// <c>X-Idempotency-Key</c> header, so they are held to visible ASCII, where characters and bytes agree.
/// </summary>
internal sealed class IdempotencyKeys(ServiceDialect dialect, bool generate)
{
    /// <summary>Sockudo's default <c>idempotency.max_key_length</c>.</summary>
    public const int MaxLength = 128;

    private readonly string _baseId = NewBaseId();
    private long _serial = -1;

    /// <summary>The key a trigger sends: the caller's (checked), a generated one, or none.</summary>
    public string? ForTrigger(string? key, string parameterName)
    {
        if (key is not null)
        {
            Check(key, parameterName);
            return key;
        }

        return generate ? string.Concat(_baseId, ":", NextSerial()) : null;
    }

    /// <summary>The batch with every event's key checked or generated (<c>{base id}:{serial}:{index}</c>); the batch-level key checked.</summary>
    public BatchEvent[] ForBatch(BatchEvent[] batch, string? batchKey, string parameterName)
    {
        if (batchKey is not null) Check(batchKey, "options.IdempotencyKey");
        string? prefix = generate ? string.Concat(_baseId, ":", NextSerial(), ":") : null;
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i].IdempotencyKey is { } key) Check(key, $"{parameterName}[{i}].IdempotencyKey");
            else if (prefix is not null) batch[i] = batch[i] with { IdempotencyKey = prefix + i.ToString(CultureInfo.InvariantCulture) };
        }

        return batch;
    }

    /// <summary>
    /// Whether every event of a checked batch carries a key: Sockudo then publishes each at most once
    /// (it skips an event whose key it has seen), so the whole batch may be sent again after a 5xx or a
    /// timeout, as its Node SDK does.
    /// </summary>
    public static bool EveryEventKeyed(BatchEvent[] batch) => batch.Length > 0 && Array.TrueForAll(batch, e => e.IdempotencyKey is not null);

    private void Check(string key, string parameterName)
    {
        dialect.RequireExtensions("An idempotency key");
        if (key.Length == 0) throw new ApinatorValidationException("An idempotency key must not be empty; leave it null to send none.", parameterName);
        if (key.Length > MaxLength)
        {
            throw new ApinatorValidationException($"An idempotency key is at most {MaxLength} characters (Sockudo's limit); this one has {key.Length}.", parameterName);
        }

        if (key.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            throw new ApinatorValidationException("An idempotency key may hold only visible ASCII characters (no spaces, control or non-ASCII characters): it also travels as an HTTP header.", parameterName);
        }
    }

    private string NextSerial() => Interlocked.Increment(ref _serial).ToString(CultureInfo.InvariantCulture);

    /// <summary>12 random bytes, base64url without padding (16 characters), as Sockudo's Node SDK makes its base id.</summary>
    private static string NewBaseId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
