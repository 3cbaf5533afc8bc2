namespace Apinator.AspNetCore.Hosting;

/// <summary>
/// What configuration can set on <see cref="ApinatorOptions"/>, bound by the configuration-binding
/// source generator. The generator cannot bind <see cref="ApinatorOptions"/> itself: it would walk
/// into <see cref="ApinatorOptions.JsonSerializerOptions"/> (code-only, with members it cannot
/// create or that are not trim-safe), and before .NET 11's <c>[ConfigurationIgnore]</c> there is
/// no telling it to skip one property. Null means "not in configuration": the option keeps its value.
/// </summary>
internal sealed class ApinatorSettings
{
    public string? AppId { get; set; }

    public string? Key { get; set; }

    public string? Secret { get; set; }

    public string? Cluster { get; set; }

    public Uri? BaseAddress { get; set; }

    public string? WebhookSecret { get; set; }

    public List<string>? PreviousWebhookSecrets { get; set; }

    public ApinatorProtocol? Protocol { get; set; }

    public TimeSpan? Timeout { get; set; }

    public string? EncryptionMasterKeyBase64 { get; set; }

    public int? MaxDataBytes { get; set; }

    public int? MaxChannelsPerTrigger { get; set; }

    public int? MaxBatchSize { get; set; }

    public int? MaxEventNameLength { get; set; }

    public int? MaxResponseBytes { get; set; }

    public int? MaxRetries { get; set; }

    public TimeSpan? MaxRetryDelay { get; set; }

    public TimeSpan? AttemptTimeout { get; set; }

    public bool? GenerateIdempotencyKeys { get; set; }

    public void ApplyTo(ApinatorOptions options)
    {
        options.AppId = AppId ?? options.AppId;
        options.Key = Key ?? options.Key;
        options.Secret = Secret ?? options.Secret;
        options.Cluster = Cluster ?? options.Cluster;
        options.BaseAddress = BaseAddress ?? options.BaseAddress;
        options.WebhookSecret = WebhookSecret ?? options.WebhookSecret;
        if (PreviousWebhookSecrets is { Count: > 0 } previous) options.PreviousWebhookSecrets = previous;
        options.Protocol = Protocol ?? options.Protocol;
        options.Timeout = Timeout ?? options.Timeout;
        options.EncryptionMasterKeyBase64 = EncryptionMasterKeyBase64 ?? options.EncryptionMasterKeyBase64;
        options.MaxDataBytes = MaxDataBytes ?? options.MaxDataBytes;
        options.MaxChannelsPerTrigger = MaxChannelsPerTrigger ?? options.MaxChannelsPerTrigger;
        options.MaxBatchSize = MaxBatchSize ?? options.MaxBatchSize;
        options.MaxEventNameLength = MaxEventNameLength ?? options.MaxEventNameLength;
        options.MaxResponseBytes = MaxResponseBytes ?? options.MaxResponseBytes;
        options.MaxRetries = MaxRetries ?? options.MaxRetries;
        options.MaxRetryDelay = MaxRetryDelay ?? options.MaxRetryDelay;
        options.AttemptTimeout = AttemptTimeout ?? options.AttemptTimeout;
        options.GenerateIdempotencyKeys = GenerateIdempotencyKeys ?? options.GenerateIdempotencyKeys;
    }
}
