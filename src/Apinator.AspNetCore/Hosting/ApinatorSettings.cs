namespace Apinator.AspNetCore.Hosting;

/// <summary>
/// What configuration can set on <see cref="ApinatorOptions"/>: each property reads and writes the
/// option of the same name, so the configuration-binding source generator sets only what
/// configuration holds and the rest keeps its value. The generator cannot bind
/// <see cref="ApinatorOptions"/> itself: it would walk into
/// <see cref="ApinatorOptions.JsonSerializerOptions"/> (code-only, with members it cannot create or
/// that are not trim-safe), and before .NET 11's <c>[ConfigurationIgnore]</c> there is no telling it
/// to skip one property. (A test checks that every settable option but that one is here.)
/// </summary>
internal sealed class ApinatorSettings(ApinatorOptions options)
{
    public string AppId { get => options.AppId; set => options.AppId = value; }

    public string Key { get => options.Key; set => options.Key = value; }

    public string Secret { get => options.Secret; set => options.Secret = value; }

    public string? Cluster { get => options.Cluster; set => options.Cluster = value; }

    public Uri? BaseAddress { get => options.BaseAddress; set => options.BaseAddress = value; }

    public string? WebhookSecret { get => options.WebhookSecret; set => options.WebhookSecret = value; }

    public IList<string> PreviousWebhookSecrets { get => options.PreviousWebhookSecrets; set => options.PreviousWebhookSecrets = value; }

    public ApinatorProtocol Protocol { get => options.Protocol; set => options.Protocol = value; }

    public TimeSpan Timeout { get => options.Timeout; set => options.Timeout = value; }

    public string? EncryptionMasterKeyBase64 { get => options.EncryptionMasterKeyBase64; set => options.EncryptionMasterKeyBase64 = value; }

    public int MaxDataBytes { get => options.MaxDataBytes; set => options.MaxDataBytes = value; }

    public int MaxChannelsPerTrigger { get => options.MaxChannelsPerTrigger; set => options.MaxChannelsPerTrigger = value; }

    public int MaxBatchSize { get => options.MaxBatchSize; set => options.MaxBatchSize = value; }

    public int MaxEventNameLength { get => options.MaxEventNameLength; set => options.MaxEventNameLength = value; }

    public int MaxResponseBytes { get => options.MaxResponseBytes; set => options.MaxResponseBytes = value; }

    public int MaxRetries { get => options.MaxRetries; set => options.MaxRetries = value; }

    public TimeSpan MaxRetryDelay { get => options.MaxRetryDelay; set => options.MaxRetryDelay = value; }

    public TimeSpan? AttemptTimeout { get => options.AttemptTimeout; set => options.AttemptTimeout = value; }

    public ApinatorHttpVersion HttpVersion { get => options.HttpVersion; set => options.HttpVersion = value; }

    public bool GenerateIdempotencyKeys { get => options.GenerateIdempotencyKeys; set => options.GenerateIdempotencyKeys = value; }
}
