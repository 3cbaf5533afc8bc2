using Xunit;

namespace Apinator.Sample.BrowserTests;

/// <summary>
/// The browser tests share artifacts/ and two cores with a sample, a realtime server and Chromium
/// each: they run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
