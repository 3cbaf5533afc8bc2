namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>
/// The publish queue's test classes run one after another: the queue's counters are on the shared
/// <c>Apinator</c> meter, so a test reading them must not see another class's batches.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishQueueCollection
{
    public const string Name = "PublishQueue";
}
