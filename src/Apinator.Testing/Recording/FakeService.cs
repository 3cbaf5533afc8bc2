using System.Net;
using System.Text;
using System.Text.Json;
using Apinator.Dialects;
using Apinator.Encryption;
using Apinator.Validation;

namespace Apinator.Testing;

/// <summary>
/// Stands in for the realtime service at the HTTP level: receives the requests the real
/// <see cref="ApinatorClient"/> built, signed and wrote, records what they carry and answers like the
/// service would. Nothing leaves the process.
/// </summary>
internal sealed class FakeService : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<TriggeredEvent> _triggered = [];
    private readonly List<string> _terminated = [];
    private readonly Dictionary<string, (int Subscriptions, int? Users)> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _presence = new(StringComparer.Ordinal);
    private ServiceDialect _dialect = ServiceDialect.Pusher;
    private ChannelEncryption? _encryption;
    private ApinatorException? _failNext;

    /// <summary>The client's settings: the answers' shape follows the service's dialect, and encrypted data is decrypted with the master key.</summary>
    public void Configure(ApinatorOptions options)
    {
        _dialect = ServiceDialect.For(options.Protocol);
        _encryption = string.IsNullOrEmpty(options.EncryptionMasterKeyBase64) ? null : new ChannelEncryption(options.EncryptionMasterKeyBase64);
    }

    public IReadOnlyList<TriggeredEvent> Triggered
    {
        get { lock (_gate) return [.. _triggered]; }
    }

    public IReadOnlyList<string> Terminated
    {
        get { lock (_gate) return [.. _terminated]; }
    }

    public void FailNext(ApinatorException exception)
    {
        lock (_gate) _failNext = exception;
    }

    public void SeedChannel(string channel, int subscriptions, int? users)
    {
        lock (_gate) _channels[channel] = (subscriptions, users);
    }

    public void SeedPresence(string channel, string[] userIds)
    {
        lock (_gate)
        {
            _presence[channel] = userIds;
            if (!_channels.ContainsKey(channel)) _channels[channel] = (userIds.Length, userIds.Length);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _triggered.Clear();
            _terminated.Clear();
            _channels.Clear();
            _presence.Clear();
            _failNext = null;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The client has validated, serialized and signed by now: this is where the service would
        // have answered, so an injected failure surfaces exactly where a real one would.
        ApinatorException? failure;
        lock (_gate)
        {
            failure = _failNext;
            _failNext = null;
        }

        if (failure is not null) throw failure;

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var path = request.RequestUri!.AbsolutePath;
        var apps = path.IndexOf("/apps/", StringComparison.Ordinal);
        var segments = path[(apps + 6)..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        var query = ParseQuery(request.RequestUri.Query);

        if (request.Method == HttpMethod.Post)
        {
            switch (segments)
            {
                case [_, "events"]:
                    RecordTrigger(body);
                    return Json("{}");
                case [_, "batch_events"]:
                    RecordBatch(body);
                    return Json("{}");
                case [_, "users", var user, "terminate_connections"]:
                    lock (_gate) _terminated.Add(user);
                    return Json("{}");
            }
        }
        else if (request.Method == HttpMethod.Get)
        {
            switch (segments)
            {
                case [_, "channels"]:
                    return Json(ChannelList(query.GetValueOrDefault("filter_by_prefix"), query.GetValueOrDefault("info")));
                case [_, "channels", var channel]:
                    return OneChannel(channel, query.GetValueOrDefault("info"));
                case [_, "channels", var channel, "users"]:
                    return Json(Users(channel));
            }
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent($$"""{"title":"Not found","status":404,"detail":"The fake service has no {{request.Method}} {{path}}."}""", Encoding.UTF8, "application/problem+json"),
        };
    }

    private void RecordTrigger(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var name = root.GetProperty("name").GetString()!;
        var data = root.GetProperty("data").GetString()!;
        var socketId = OptionalString(root, "socket_id");
        var channels = root.TryGetProperty("channels", out var many)
            ? many.EnumerateArray().Select(c => c.GetString()!).ToArray()
            : [root.GetProperty("channel").GetString()!];

        var events = channels.Select(channel => Event(channel, name, data, socketId, batched: false)).ToArray();
        lock (_gate) _triggered.AddRange(events);
    }

    private void RecordBatch(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var events = document.RootElement.GetProperty("batch").EnumerateArray()
            .Select(e => Event(e.GetProperty("channel").GetString()!, e.GetProperty("name").GetString()!, e.GetProperty("data").GetString()!, OptionalString(e, "socket_id"), batched: true))
            .ToArray();
        lock (_gate) _triggered.AddRange(events);
    }

    private TriggeredEvent Event(string channel, string name, string data, string? socketId, bool batched)
    {
        var encrypted = ChannelEncryption.IsEncryptedChannel(channel);
        // The client refuses an encrypted channel without a master key, so one is known here.
        var shown = encrypted && _encryption is not null ? _encryption.Decrypt(channel, data) : data;
        return new TriggeredEvent(channel, name, shown, socketId) { WasEncrypted = encrypted, WasBatched = batched };
    }

    private string ChannelList(string? prefix, string? info)
    {
        KeyValuePair<string, (int Subscriptions, int? Users)>[] channels;
        lock (_gate) channels = [.. _channels.Where(c => c.Value.Subscriptions > 0 && (prefix is null || c.Key.StartsWith(prefix, StringComparison.Ordinal)))];

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (_dialect.NamesChannelsInAnswers)
            {
                json.WriteStartArray("channels");
                foreach (var (name, counts) in channels)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name);
                    json.WriteNumber("subscription_count", counts.Subscriptions);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteStartObject("channels");
                foreach (var (name, counts) in channels)
                {
                    json.WriteStartObject(name);
                    WriteCounts(json, name, counts, info);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private HttpResponseMessage OneChannel(string channel, string? info)
    {
        (int Subscriptions, int? Users) counts;
        bool known;
        lock (_gate) known = _channels.TryGetValue(channel, out counts);
        known &= counts.Subscriptions > 0;

        if (!known && _dialect.AnswersNotFoundForUnoccupiedChannel)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("""{"title":"Not found","status":404,"detail":"Channel not found."}""", Encoding.UTF8, "application/problem+json"),
            };
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (_dialect.NamesChannelsInAnswers)
            {
                json.WriteString("name", channel);
                json.WriteNumber("subscription_count", counts.Subscriptions);
            }
            else
            {
                json.WriteBoolean("occupied", known);
                if (known) WriteCounts(json, channel, counts, info);
            }

            json.WriteEndObject();
        }

        return Json(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteCounts(Utf8JsonWriter json, string channel, (int Subscriptions, int? Users) counts, string? info)
    {
        var asked = (info ?? "").Split(',');
        if (asked.Contains("subscription_count")) json.WriteNumber("subscription_count", counts.Subscriptions);
        if (asked.Contains("user_count") && channel.StartsWith(ProtocolRules.PresencePrefix, StringComparison.Ordinal))
        {
            json.WriteNumber("user_count", counts.Users ?? counts.Subscriptions);
        }
    }

    private string Users(string channel)
    {
        string[] ids;
        lock (_gate) ids = _presence.GetValueOrDefault(channel) ?? [];
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("users");
            foreach (var id in ids)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static string? OptionalString(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            result[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
