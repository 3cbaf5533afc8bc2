namespace Apinator.Webhooks;

/// <summary>
/// A client sent a <c>client-</c> event on a private or presence channel. On an encrypted channel
/// <see cref="Data"/> is the decrypted plaintext when the master key is known; when it is not, or
/// decryption fails, <see cref="Data"/> is null and <see cref="DecryptionError"/> says why.
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="EventName">The client event's name (e.g. <c>client-typing</c>).</param>
/// <param name="Data">The event's data as text, or null.</param>
/// <param name="SocketId">The sender's socket id, when sent.</param>
/// <param name="UserId">The sender's user id on presence channels, when sent.</param>
public sealed record ClientEvent(string Channel, string EventName, string? Data, string? SocketId, string? UserId) : WebhookEvent("client_event", Channel)
{
    /// <summary>Why the data of an encrypted channel could not be decrypted; null otherwise.</summary>
    public string? DecryptionError { get; init; }
}
