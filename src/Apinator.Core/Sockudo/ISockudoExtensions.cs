namespace Apinator.Sockudo;

/// <summary>
/// Sockudo's REST extensions beyond the Pusher protocol: channel and presence history, versioned
/// messages, annotations, and forced reconnects. Every call validates its inputs and, unless the
/// client's protocol is Sockudo (<see cref="Dialects.ServiceDialect.Sockudo"/>), fails with
/// <see cref="ApinatorUnsupportedException"/> before anything is sent. Thread-safe; register it once.
/// </summary>
public interface ISockudoExtensions
{
    /// <summary>
    /// Reads one page of a channel's history (<c>GET /apps/{id}/channels/{channel}/history</c>). The page's
    /// <see cref="HistoryPage{T}.Continuity"/> says whether retention cut the answer short.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="query">Which part and page; the newest page by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryPage<HistoryItem>> GetHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a channel's history page after page, following <c>next_cursor</c> until <c>has_more</c> is false.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="query">Which part; <see cref="PageQuery.Cursor"/> is where to start.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The messages, in the order asked for.</returns>
    /// <exception cref="ApinatorException">A call failed; see the subtypes.</exception>
    IAsyncEnumerable<HistoryItem> ReadHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inspects a channel's history stream (<c>GET …/history/state</c>): its id, next serial, what is retained
    /// (oldest and newest serials, message and byte counts) and whether it is intact. A read; nothing changes.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream's state.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryStreamInspection> GetHistoryStateAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a presence channel's join/leave history (<c>…/presence/history</c>).</summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="query">Which part and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryPage<PresenceHistoryItem>> GetPresenceHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a presence channel's history page after page, following <c>next_cursor</c>.</summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="query">Which part; <see cref="PageQuery.Cursor"/> is where to start.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The events, in the order asked for.</returns>
    /// <exception cref="ApinatorException">A call failed; see the subtypes.</exception>
    IAsyncEnumerable<PresenceHistoryItem> ReadPresenceHistoryAsync(string channel, HistoryQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rebuilds a presence channel's membership at a point of its presence history by replaying the retained
    /// join/leave events (<c>GET …/presence/history/snapshot</c>). Unlike the live member list, it can look back.
    /// </summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="query">The point to rebuild at; the latest retained state by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members at that point, with what is retained of the history.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<PresenceSnapshot> GetPresenceSnapshotAsync(string channel, PresenceSnapshotQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inspects a presence channel's presence history stream (<c>GET …/presence/history/state</c>): its id, next serial,
    /// what is retained (oldest and newest serials, event and byte counts) and whether its continuity is proven.
    /// </summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream's state.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryStreamInspection> GetPresenceHistoryStateAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Reads the latest version of a versioned message (<c>…/messages/{serial}</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial, e.g. <c>msg:1</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The latest version.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<VersionedMessage> GetMessageAsync(string channel, string messageSerial, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a message's versions (<c>…/messages/{serial}/versions</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="query">Which page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<SockudoPage<VersionedMessage>> GetMessageVersionsAsync(string channel, string messageSerial, PageQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads all of a message's versions page after page, following <c>next_cursor</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="query">Order and page size; <see cref="PageQuery.Cursor"/> is where to start.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The versions.</returns>
    /// <exception cref="ApinatorException">A call failed; see the subtypes.</exception>
    IAsyncEnumerable<VersionedMessage> ReadMessageVersionsAsync(string channel, string messageSerial, PageQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes a new version of a message (<c>POST …/messages/{serial}/update</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="change">What to change; at least one member set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<MessageMutationResult> UpdateMessageAsync(string channel, string messageSerial, MessageChange change, CancellationToken cancellationToken = default);

    /// <summary>Deletes a message, keeping its versions (<c>POST …/messages/{serial}/delete</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="change">What to record or clear with the delete; none by default. <see cref="MessageChange.Name"/> is not allowed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<MessageMutationResult> DeleteMessageAsync(string channel, string messageSerial, MessageChange? change = null, CancellationToken cancellationToken = default);

    /// <summary>Appends text to a message's data (<c>POST …/messages/{serial}/append</c>), e.g. a streamed answer.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="change">The text to add in <see cref="MessageChange.Data"/> (required, non-empty); no name or cleared fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<MessageMutationResult> AppendMessageAsync(string channel, string messageSerial, MessageChange change, CancellationToken cancellationToken = default);

    /// <summary>Publishes an annotation on a message (<c>POST …/messages/{serial}/annotations</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="annotation">The annotation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new annotation's serial.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<string> PublishAnnotationAsync(string channel, string messageSerial, Annotation annotation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists one page of a message's annotation events, oldest serial first (<c>GET …/messages/{serial}/annotations</c>).
    /// The next page is asked for with <see cref="AnnotationQuery.FromSerial"/> set to <see cref="SockudoPage{T}.NextCursor"/>.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="query">Filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<SockudoPage<AnnotationEvent>> ListAnnotationsAsync(string channel, string messageSerial, AnnotationQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads all of a message's annotation events page after page, each next page from the last one's serial (<c>from_serial</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="query">Filter and page size; <see cref="AnnotationQuery.FromSerial"/> is where to start.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The annotation events, oldest serial first.</returns>
    /// <exception cref="ApinatorException">A call failed; see the subtypes.</exception>
    IAsyncEnumerable<AnnotationEvent> ReadAnnotationsAsync(string channel, string messageSerial, AnnotationQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an annotation (<c>DELETE …/messages/{serial}/annotations/{annotationSerial}</c>).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="messageSerial">The message's serial.</param>
    /// <param name="annotationSerial">The serial of the annotation's <c>annotation.create</c> event.</param>
    /// <param name="socketId">
    /// The connection deleting it (<c>1234.5678</c>), not one left out of the broadcast; null deletes as the server.
    /// Sockudo checks that it is connected to it, speaks protocol V2 and holds annotation-delete-own (for its own user's
    /// annotation) or annotation-delete-any for the channel (401 or 403 otherwise; 400 from a node in the api role).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The serial of the <c>annotation.delete</c> event Sockudo recorded (<c>annotationSerial</c>). For an annotation
    /// already deleted, Sockudo records nothing new and answers with <paramref name="annotationSerial"/> itself.
    /// </returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<string> DeleteAnnotationAsync(string channel, string messageSerial, string annotationSerial, string? socketId = null, CancellationToken cancellationToken = default);

    /// <summary>Operator call: starts a channel's history afresh (<c>POST …/history/reset</c>); the old stream is dropped.</summary>
    /// <param name="channel">The channel; also sent as the confirmation Sockudo requires.</param>
    /// <param name="reason">Why, recorded by Sockudo; required.</param>
    /// <param name="requestedBy">Who asked, recorded by Sockudo.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryOperationResult> ResetHistoryAsync(string channel, string reason, string? requestedBy = null, CancellationToken cancellationToken = default);

    /// <summary>Operator call: removes all or older messages of a channel's history (<c>POST …/history/purge</c>).</summary>
    /// <param name="channel">The channel; also sent as the confirmation Sockudo requires.</param>
    /// <param name="purge">What to purge and why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryOperationResult> PurgeHistoryAsync(string channel, HistoryPurge purge, CancellationToken cancellationToken = default);

    /// <summary>Operator call: starts a presence channel's presence history afresh (<c>POST …/presence/history/reset</c>).</summary>
    /// <param name="channel">A <c>presence-</c> channel; also sent as the confirmation.</param>
    /// <param name="reason">Why, recorded by Sockudo; required.</param>
    /// <param name="requestedBy">Who asked, recorded by Sockudo.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Sockudo's answer.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task<HistoryOperationResult> ResetPresenceHistoryAsync(string channel, string reason, string? requestedBy = null, CancellationToken cancellationToken = default);

    /// <summary>Asks every connection of a user to reconnect (<c>POST /apps/{id}/users/{userId}/force_reconnect</c>).</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Sockudo accepted the call.</returns>
    /// <exception cref="ApinatorException">The call failed; see the subtypes.</exception>
    Task ForceReconnectUserAsync(string userId, CancellationToken cancellationToken = default);
}
