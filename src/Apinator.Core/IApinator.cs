using Apinator.Channels;
using Apinator.Rest;

namespace Apinator;

/// <summary>
/// The server side of an Apinator or Pusher-compatible app: trigger events, query channels, manage
/// users, and sign channel and user authorizations. Thread-safe; register it once (a singleton).
/// Every input is validated before anything is signed or sent.
/// </summary>
public interface IApinator
{
    /// <summary>Triggers an event on one channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name (at most 200 characters by default).</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json.</param>
    /// <param name="options">Socket to exclude and attributes to report, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Per-channel counts when asked for.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule (nothing was sent), or the service refused it.</exception>
    /// <exception cref="ApinatorAuthenticationException">The service refused the credentials.</exception>
    /// <exception cref="ApinatorApiException">The service failed, or could not be reached (<see cref="ApinatorNetworkException"/>).</exception>
    Task<TriggerResult> TriggerAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Triggers one event on several channels (at most 100 by default).</summary>
    /// <param name="channels">The channels. End-to-end encrypted channels may not be mixed with others.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json.</param>
    /// <param name="options">Socket to exclude and attributes to report, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Per-channel counts when asked for.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule (nothing was sent), or the service refused it.</exception>
    /// <exception cref="ApinatorAuthenticationException">The service refused the credentials.</exception>
    /// <exception cref="ApinatorApiException">The service failed, or could not be reached.</exception>
    Task<TriggerResult> TriggerAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a trigger exactly as <see cref="TriggerAsync(IReadOnlyCollection{string}, string, object?, TriggerOptions?, CancellationToken)"/>
    /// does, sends nothing, and returns the batch events that publish it later through
    /// <see cref="TriggerBatchAsync(IReadOnlyList{BatchEvent}, CancellationToken)"/>: one per channel, the
    /// data fixed as the text that will be sent, and, where the service de-duplicates publishes (Sockudo),
    /// an idempotency key on each. A publish queue calls it when it accepts an event.
    /// </summary>
    /// <param name="channels">The channels. End-to-end encrypted channels may not be mixed with others.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json, now.</param>
    /// <param name="options">Socket to exclude, idempotency key, tags and extras, or null. <see cref="TriggerOptions.Info"/> is not asked for.</param>
    /// <returns>The events, in the order of <paramref name="channels"/>.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule.</exception>
    /// <exception cref="NotSupportedException">This implementation cannot check triggers ahead of sending them.</exception>
    IReadOnlyList<BatchEvent> PrepareTrigger(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null) =>
        throw new NotSupportedException($"{GetType().Name} cannot check a trigger ahead of sending it, so it cannot feed a publish queue; use ApinatorClient or FakeApinator.");

    /// <summary>Triggers up to 10 events (by default), each with its own channel, in one call.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Counts per event when asked for.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule (nothing was sent), or the service refused it.</exception>
    /// <exception cref="ApinatorAuthenticationException">The service refused the credentials.</exception>
    /// <exception cref="ApinatorApiException">The service failed, or could not be reached.</exception>
    Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Triggers a batch with batch-wide options, e.g. a Sockudo idempotency key for the whole batch.</summary>
    /// <param name="events">The events.</param>
    /// <param name="options">The batch's options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Counts per event when asked for.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule (nothing was sent), or the service refused it.</exception>
    /// <exception cref="ApinatorUnsupportedException">An idempotency key was given and the protocol is not Sockudo (nothing was sent).</exception>
    /// <exception cref="ApinatorAuthenticationException">The service refused the credentials.</exception>
    /// <exception cref="ApinatorApiException">The service failed, or could not be reached.</exception>
    Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, BatchTriggerOptions options, CancellationToken cancellationToken = default);

    /// <summary>Lists occupied channels.</summary>
    /// <param name="prefix">Only channels whose names start with this, e.g. <c>presence-</c>; null for all.</param>
    /// <param name="info">Attributes to report for each channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channels.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<IReadOnlyList<ChannelSummary>> GetChannelsAsync(string? prefix = null, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default);

    /// <summary>Reads one channel's state.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="info">Attributes to report.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state; an unknown channel is reported as not occupied.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<ChannelState> GetChannelAsync(string channel, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default);

    /// <summary>Lists the users on a presence channel.</summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<IReadOnlyList<PresenceUser>> GetPresenceUsersAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Disconnects every connection signed in as a user.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service accepted the call.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task TerminateUserConnectionsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Sends an event to every connection signed in as a user (channel <c>#server-to-user-{userId}</c>).</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="data">A string is sent as is; any other object is serialized with System.Text.Json.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service accepted the event.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task SendToUserAsync(string userId, string eventName, object? data, CancellationToken cancellationToken = default);

    /// <summary>Signs a channel authorization (no I/O). See <see cref="ChannelAuthorizer.Authorize"/>.</summary>
    /// <param name="socketId">The socket id the browser sent.</param>
    /// <param name="channelName">The channel the browser asked for.</param>
    /// <param name="member">For presence channels, the member built from the server-side user.</param>
    /// <returns>The answer for the browser.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule.</exception>
    ChannelAuthorization AuthorizeChannel(string socketId, string channelName, PresenceMember? member = null);

    /// <summary>Signs a user sign-in (no I/O). See <see cref="ChannelAuthorizer.AuthenticateUser"/>.</summary>
    /// <param name="socketId">The socket id the browser sent.</param>
    /// <param name="user">The signed-in user.</param>
    /// <returns>The answer for the browser.</returns>
    /// <exception cref="ApinatorValidationException">An input breaks a protocol rule.</exception>
    UserAuthentication AuthenticateUser(string socketId, UserData user);
}
