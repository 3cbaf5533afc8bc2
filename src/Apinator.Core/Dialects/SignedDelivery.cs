namespace Apinator.Dialects;

/// <summary>A webhook delivery built by <see cref="ServiceDialect.SignWebhook"/> as the service would send it.</summary>
/// <param name="Body">The exact body text (UTF-8 on the wire).</param>
/// <param name="Headers">The signature headers.</param>
/// <param name="SentAt">The time the delivery states, at the precision it states it (seconds or milliseconds).</param>
public sealed record SignedDelivery(string Body, IReadOnlyList<KeyValuePair<string, string>> Headers, DateTimeOffset SentAt);
