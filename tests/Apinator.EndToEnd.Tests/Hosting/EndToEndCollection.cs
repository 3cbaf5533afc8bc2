namespace Apinator.EndToEnd.Hosting;

/// <summary>
/// Every end-to-end test shares one <see cref="EndToEndFixture"/> (one Soketi, one app) and runs
/// sequentially; tests stay apart by using fresh channel and user names.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Soketi end-to-end";
}
