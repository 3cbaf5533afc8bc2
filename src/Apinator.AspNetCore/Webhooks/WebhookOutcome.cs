namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// How one webhook delivery ended. <see cref="WebhookAnswers"/> maps each to its HTTP status,
/// problem document, log event and telemetry tag, in one table.
/// </summary>
internal enum WebhookOutcome
{
    /// <summary>Handled, and recorded as done (or handled without de-duplication).</summary>
    Handled,

    /// <summary>Handled before: acknowledged without running the handler.</summary>
    Duplicate,

    /// <summary>Another attempt holds the delivery (or one of its events): retry later.</summary>
    InProgress,

    /// <summary>The delivery store could not be reached, so the delivery was not handled.</summary>
    StoreUnavailable,

    /// <summary>Not signed by the service, for another app, too old or dated in the future.</summary>
    NotVerified,

    /// <summary>Signed, but not a usable delivery (not JSON of either shape, an unusable time).</summary>
    Malformed,

    /// <summary>The handler (or its creation) failed; the claim was given back for the retry.</summary>
    HandlerFailed,

    /// <summary>
    /// Handled, but the store would not record it done within the time allowed: answered so that
    /// the service retries, and the claim, no longer renewed, lapses with its lease.
    /// </summary>
    NotRecorded,

    /// <summary>The body is over the size limit.</summary>
    TooLarge,

    /// <summary>The body is not JSON.</summary>
    UnsupportedMediaType,

    /// <summary>
    /// The sender went away before the answer (the request was aborted): no handler failed, the claim
    /// was given back, and the service's retry is handled. Counted apart, so handler-failure alerts stay true.
    /// </summary>
    Aborted,
}
