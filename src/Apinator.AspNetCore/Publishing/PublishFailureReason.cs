namespace Apinator.AspNetCore.Publishing;

/// <summary>Why the publish queue gave an accepted event up.</summary>
public enum PublishFailureReason
{
    /// <summary>The service refused it (a 4xx answer, e.g. 400, 401, 413): sending it again would be refused again.</summary>
    Refused,

    /// <summary>It waited longer than <see cref="PublishQueueOptions.MaxEventAge"/> (the service was down or slow): a realtime event that late is noise.</summary>
    TooOld,

    /// <summary>
    /// The service may have published it (a 5xx answer or no answer after the request was sent), and it
    /// cannot be sent again without risking a duplicate, because the service does not de-duplicate
    /// publishes (only Sockudo does, by idempotency key).
    /// </summary>
    OutcomeUnknown,

    /// <summary>The host's shutdown timeout ran out before it could be sent.</summary>
    ShutDown,
}
