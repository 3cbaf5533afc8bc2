using System.Text.Json;
using Apinator.Channels;
using Apinator.Dialects;
using Apinator.Rest;
using Apinator.Sockudo;
using Apinator.Validation;

namespace Apinator.Testing;

/// <summary>
/// An <see cref="IApinator"/> for tests that records what the app sends instead of sending it.
/// </summary>
/// <remarks>
/// It is a real <see cref="ApinatorClient"/> over an in-memory service: every input is validated by
/// the client's own code (same rules, same exception types, same messages), bodies are written and
/// encrypted as they would be, and the recorded requests are read back into
/// <see cref="TriggeredEvent"/>s. The service's address is never contacted. Thread-safe.
/// </remarks>
public sealed class FakeApinator : IApinator, IDisposable
{
    /// <summary>The app id used when the options give none.</summary>
    public const string DefaultAppId = "test-app";

    /// <summary>The app key used when the options give none.</summary>
    public const string DefaultKey = "test-key";

    /// <summary>The app secret used when the options give none.</summary>
    public const string DefaultSecret = "test-secret";

    /// <summary>The address used when the options give none; it is never contacted.</summary>
    public static readonly Uri DefaultBaseAddress = new("http://fake.apinator.test");

    private readonly Lock _gate = new();
    private Func<ApinatorOptions?>? _source;
    private readonly FakeService _service = new();
    private Live? _inner;

    /// <summary>Creates a fake with test credentials and the Pusher protocol.</summary>
    public FakeApinator()
        : this(new ApinatorOptions { Protocol = ServiceDialect.Pusher.Protocol })
    {
    }

    /// <summary>
    /// Creates a fake with your settings, e.g. with <see cref="ApinatorOptions.EncryptionMasterKeyBase64"/>
    /// so encrypted channels work (their recorded data is decrypted), or with your app's limits.
    /// Empty app id, key and secret get test values; no address gets <see cref="DefaultBaseAddress"/>.
    /// </summary>
    /// <param name="options">The settings; copied, not kept.</param>
    /// <exception cref="ApinatorConfigurationException">A setting is malformed.</exception>
    public FakeApinator(ApinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = Create(options, _service);
    }

    private FakeApinator(Func<ApinatorOptions?> source) => _source = source;

    /// <summary>A fake whose settings are read on first use (the app's own options, once its services exist).</summary>
    internal static FakeApinator Deferred(Func<ApinatorOptions?> source) => new(source);

    /// <summary>The settings in use: the given ones with test values filled in. Do not change them.</summary>
    public ApinatorOptions Options => Inner.Options;

    /// <summary>Sockudo's extensions over the same in-memory service: validated by the real <see cref="SockudoClient"/>; a valid call is answered 404.</summary>
    public ISockudoExtensions Sockudo => Inner.Sockudo;

    /// <summary>Every event sent so far, in order: one per channel, batches and events sent to users included.</summary>
    public IReadOnlyList<TriggeredEvent> Triggered => _service.Triggered;

    /// <summary>The events sent to users with <see cref="SendToUserAsync"/>, in order.</summary>
    public IReadOnlyList<TriggeredEvent> SentToUsers => [.. Triggered.Where(e => e.UserId is not null)];

    /// <summary>The ids of the users whose connections were terminated, in order.</summary>
    public IReadOnlyList<string> TerminatedUsers => _service.Terminated;

    /// <summary>
    /// Makes the next call that would reach the service throw <paramref name="exception"/>, after its
    /// inputs were validated (as a real failure would); nothing is recorded for it.
    /// </summary>
    /// <param name="exception">E.g. an <see cref="ApinatorNetworkException"/> or <see cref="ApinatorApiException"/>.</param>
    public void FailNext(ApinatorException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _service.FailNext(exception);
    }

    /// <summary>Makes a channel occupied for <see cref="GetChannelsAsync"/> and <see cref="GetChannelAsync"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="subscriptionCount">Its subscriptions; 0 makes it unoccupied.</param>
    /// <param name="userCount">For a presence channel, its users; the subscription count when null.</param>
    public void SeedChannel(string channel, int subscriptionCount = 1, int? userCount = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _service.SeedChannel(channel, subscriptionCount, userCount);
    }

    /// <summary>Puts users on a presence channel for <see cref="GetPresenceUsersAsync"/> (and occupies it).</summary>
    /// <param name="channel">A <c>presence-</c> channel.</param>
    /// <param name="userIds">The users' ids.</param>
    public void SeedPresenceUsers(string channel, params string[] userIds)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(userIds);
        _service.SeedPresence(channel, [.. userIds]);
    }

    /// <summary>Forgets everything recorded and seeded, and any pending <see cref="FailNext"/>.</summary>
    public void Reset() => _service.Reset();

    /// <summary>Asserts that an event was sent on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name.</param>
    /// <returns>The first matching event, to inspect further.</returns>
    /// <exception cref="ApinatorAssertionException">No such event; the message lists what was sent.</exception>
    public TriggeredEvent AssertTriggered(string channel, string eventName) =>
        SentEvents.Find(Triggered, channel, eventName, null, $"'{eventName}' on '{channel}'");

    /// <summary>Asserts that an event whose JSON data satisfies a predicate was sent on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="dataPredicate">
    /// Checks the data, parsed as JSON. If it throws (e.g. <c>GetProperty</c> on data without that
    /// property), that event does not match and the next one is tried.
    /// </param>
    /// <returns>The first matching event.</returns>
    /// <exception cref="ApinatorAssertionException">
    /// No such event; the message lists what was sent, and the first exception the predicate threw is
    /// the inner exception.
    /// </exception>
    public TriggeredEvent AssertTriggered(string channel, string eventName, Func<JsonElement, bool> dataPredicate)
    {
        ArgumentNullException.ThrowIfNull(dataPredicate);
        return SentEvents.FindMatchingData(Triggered, channel, eventName, dataPredicate);
    }

    /// <summary>Asserts that an event was sent to a user with <see cref="SendToUserAsync"/>.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="eventName">The event's name.</param>
    /// <returns>The first matching event.</returns>
    /// <exception cref="ApinatorAssertionException">No such event; the message lists what was sent.</exception>
    public TriggeredEvent AssertSentToUser(string userId, string eventName) =>
        SentEvents.Find(Triggered, ProtocolRules.ServerToUserPrefix + userId, eventName, null, $"'{eventName}' to user '{userId}'");

    /// <summary>Asserts that nothing was triggered, batched or sent to a user.</summary>
    /// <exception cref="ApinatorAssertionException">Something was; the message lists it.</exception>
    public void AssertNothingTriggered()
    {
        var sent = Triggered;
        if (sent.Count > 0) throw new ApinatorAssertionException($"Expected nothing to be triggered, but {SentEvents.Describe(sent)}");
    }

    /// <summary>Asserts that a user's connections were terminated.</summary>
    /// <param name="userId">The user's id.</param>
    /// <exception cref="ApinatorAssertionException">They were not; the message lists whose were.</exception>
    public void AssertTerminated(string userId)
    {
        var terminated = TerminatedUsers;
        if (!terminated.Contains(userId, StringComparer.Ordinal))
        {
            var shown = terminated.Count == 0 ? "no user's were" : "only these were: " + string.Join(", ", terminated.Select(u => $"'{u}'"));
            throw new ApinatorAssertionException($"Expected the connections of user '{userId}' to be terminated, but {shown}.");
        }
    }

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(string channel, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default) =>
        Inner.Client.TriggerAsync(channel, eventName, data, options, cancellationToken);

    /// <inheritdoc />
    public Task<TriggerResult> TriggerAsync(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null, CancellationToken cancellationToken = default) =>
        Inner.Client.TriggerAsync(channels, eventName, data, options, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<BatchEvent> PrepareTrigger(IReadOnlyCollection<string> channels, string eventName, object? data, TriggerOptions? options = null) =>
        Inner.Client.PrepareTrigger(channels, eventName, data, options);

    /// <inheritdoc />
    public Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, CancellationToken cancellationToken = default) =>
        Inner.Client.TriggerBatchAsync(events, cancellationToken);

    /// <inheritdoc />
    public Task<BatchTriggerResult> TriggerBatchAsync(IReadOnlyList<BatchEvent> events, BatchTriggerOptions options, CancellationToken cancellationToken = default) =>
        Inner.Client.TriggerBatchAsync(events, options, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChannelSummary>> GetChannelsAsync(string? prefix = null, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default) =>
        Inner.Client.GetChannelsAsync(prefix, info, cancellationToken);

    /// <inheritdoc />
    public Task<ChannelState> GetChannelAsync(string channel, ChannelInfo info = ChannelInfo.None, CancellationToken cancellationToken = default) =>
        Inner.Client.GetChannelAsync(channel, info, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PresenceUser>> GetPresenceUsersAsync(string channel, CancellationToken cancellationToken = default) =>
        Inner.Client.GetPresenceUsersAsync(channel, cancellationToken);

    /// <inheritdoc />
    public Task TerminateUserConnectionsAsync(string userId, CancellationToken cancellationToken = default) =>
        Inner.Client.TerminateUserConnectionsAsync(userId, cancellationToken);

    /// <inheritdoc />
    public Task SendToUserAsync(string userId, string eventName, object? data, CancellationToken cancellationToken = default) =>
        Inner.Client.SendToUserAsync(userId, eventName, data, cancellationToken);

    /// <inheritdoc />
    public ChannelAuthorization AuthorizeChannel(string socketId, string channelName, PresenceMember? member = null) =>
        Inner.Client.AuthorizeChannel(socketId, channelName, member);

    /// <inheritdoc />
    public UserAuthentication AuthenticateUser(string socketId, UserData user) =>
        Inner.Client.AuthenticateUser(socketId, user);

    /// <summary>Releases the in-memory service. Optional: nothing outside the process is held.</summary>
    public void Dispose()
    {
        _inner?.Client.Dispose();
        _service.Dispose();
    }

    /// <summary>Describes the fake; never shows the secret.</summary>
    /// <returns>A description with the number of recorded events.</returns>
    public override string ToString() => $"FakeApinator {{ Triggered = {Triggered.Count}, TerminatedUsers = {TerminatedUsers.Count} }}";

    private Live Inner
    {
        get
        {
            if (Volatile.Read(ref _inner) is { } inner) return inner;
            lock (_gate)
            {
                if (_inner is null)
                {
                    Volatile.Write(ref _inner, Create(_source?.Invoke() ?? new ApinatorOptions { Protocol = ServiceDialect.Pusher.Protocol }, _service));
                    _source = null;
                }

                return _inner!;
            }
        }
    }

    private static Live Create(ApinatorOptions given, FakeService service)
    {
        var options = new ApinatorOptions
        {
            AppId = string.IsNullOrWhiteSpace(given.AppId) ? DefaultAppId : given.AppId,
            Key = string.IsNullOrWhiteSpace(given.Key) ? DefaultKey : given.Key,
            Secret = string.IsNullOrEmpty(given.Secret) ? DefaultSecret : given.Secret,
            WebhookSecret = given.WebhookSecret,
            Cluster = given.Cluster,
            BaseAddress = given.BaseAddress ?? (string.IsNullOrWhiteSpace(given.Cluster) ? DefaultBaseAddress : null),
            Protocol = given.Protocol,
            Timeout = given.Timeout,
            EncryptionMasterKeyBase64 = given.EncryptionMasterKeyBase64,
            MaxDataBytes = given.MaxDataBytes,
            MaxChannelsPerTrigger = given.MaxChannelsPerTrigger,
            MaxBatchSize = given.MaxBatchSize,
            MaxEventNameLength = given.MaxEventNameLength,
            MaxResponseBytes = given.MaxResponseBytes,
            JsonSerializerOptions = given.JsonSerializerOptions,
        };
        // The client checks the settings first; the service then answers in its dialect before any request is sent.
        var client = new ApinatorClient(new HttpClient(service, disposeHandler: false), options);
        service.Configure(options);
        return new Live(client, options, new SockudoClient(client));
    }

    /// <summary>The client, the settings it was built with and the Sockudo extensions over it, published together.</summary>
    private sealed record Live(ApinatorClient Client, ApinatorOptions Options, SockudoClient Sockudo);
}
