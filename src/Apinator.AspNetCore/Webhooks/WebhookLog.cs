using Apinator.Webhooks;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>The webhook endpoint's log messages (kept out of the generic endpoint type).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Webhook rejected ({Failure}): {Reason}")]
    public static partial void Rejected(ILogger logger, WebhookVerificationFailure failure, string? reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Webhook verified but unusable: {Reason}")]
    public static partial void Unusable(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Webhook handler {Handler} failed; answering 500 so the delivery is retried")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler);

    [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "Webhook delivery already handled; answering 200 without running the handler")]
    public static partial void Duplicate(ILogger logger);

    [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "Webhook delivery store {Store} unavailable; processing anyway without de-duplication: {ProcessAnyway}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string store, bool processAnyway);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Webhook delivery store {Store} could not release a claim; retries are answered 503 until its lease lapses")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string store);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Webhook delivery is being handled by another request (or was, by an instance that stopped, until its lease lapses); answering 503 so it is retried")]
    public static partial void InProgress(ILogger logger);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Webhook handler {Handler} is still running but its claim lapsed before it was renewed (lease {Lease}, Apinator:Webhooks:HandlerLease), so a copy of the delivery may be handled as well; the handler goes on")]
    public static partial void ClaimLost(ILogger logger, string handler, TimeSpan lease);

    [LoggerMessage(EventId = 27, Level = LogLevel.Warning, Message = "Webhook handler {Handler} took {Elapsed} and its claim lapsed meanwhile (lease {Lease}, Apinator:Webhooks:HandlerLease, renewed while the handler ran unless the store could not be reached); a retry may have handled the delivery as well")]
    public static partial void ClaimLapsed(ILogger logger, string handler, TimeSpan elapsed, TimeSpan lease);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "Webhook delivery store {Store} could not record a handled delivery (or event) as done; a delivery is tried again while its claim is renewed")]
    public static partial void CompleteFailed(ILogger logger, Exception exception, string store);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Webhook handler {Handler} handled a delivery that the store could not record as done in the time allowed (half of Apinator:Webhooks:HandlerLease, at most 30 s); answering 503 so the service retries. The claim lapses with its lease and the retry then runs the handler again")]
    public static partial void NotRecorded(ILogger logger, string handler);

    [LoggerMessage(EventId = 29, Level = LogLevel.Warning, Message = "Webhook delivery store {Store} could not renew the lease of a delivery being handled; the handler goes on, but if renewals keep failing for longer than the lease (Apinator:Webhooks:HandlerLease) a copy may be handled as well")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string store);
}
