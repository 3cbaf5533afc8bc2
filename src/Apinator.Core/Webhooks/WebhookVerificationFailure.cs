namespace Apinator.Webhooks;

/// <summary>Why a webhook delivery was refused.</summary>
public enum WebhookVerificationFailure
{
    /// <summary>The delivery is genuine.</summary>
    None = 0,

    /// <summary>A signature, key or timestamp header is missing.</summary>
    MissingHeader,

    /// <summary>The signature does not match the body: tampered with, or signed with another secret.</summary>
    BadSignature,

    /// <summary>The delivery names another app's key (<c>X-Pusher-Key</c>).</summary>
    WrongKey,

    /// <summary>The timestamp is older than the allowed maximum age: possibly a replay.</summary>
    Expired,

    /// <summary>The timestamp is further in the future than the allowed clock skew.</summary>
    FromTheFuture,

    /// <summary>The timestamp is not a number, or the signed body is not the JSON the protocol expects.</summary>
    Malformed,
}
