namespace Apinator.Rest;

/// <summary>Optional settings of one batch trigger.</summary>
public sealed record BatchTriggerOptions
{
    /// <summary>
    /// Sockudo only: a key for the whole batch (1–128 visible ASCII characters), sent as the
    /// <c>X-Idempotency-Key</c> header; a retried batch with the same key is answered from Sockudo's
    /// cache instead of publishing again. Per-event keys go on <see cref="BatchEvent.IdempotencyKey"/>.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
