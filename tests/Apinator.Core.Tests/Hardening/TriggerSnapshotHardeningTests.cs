using System.Collections;
using Apinator.Rest;
using Apinator.Tests.TestDoubles;

namespace Apinator.Tests.Hardening;

/// <summary>
/// Issue 11: a trigger's channels (and a batch's events) are snapshotted once, so what is validated
/// is exactly what is sent, whatever the caller's collection does between enumerations, and a
/// collection whose Count lies cannot get past the limits.
/// </summary>
public sealed class TriggerSnapshotHardeningTests
{
    /// <summary>Yields <c>first</c> on its first enumeration and <c>later</c> on every other; Count says what it is told.</summary>
    private sealed class ShiftingCollection<T>(IReadOnlyList<T> first, IReadOnlyList<T> later, int count) : IReadOnlyList<T>
    {
        public int Enumerations { get; private set; }

        public int Count => count;

        public T this[int index] => later[index % later.Count];

        public IEnumerator<T> GetEnumerator() => (Enumerations++ == 0 ? first : later).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string[] Channels(int n, string prefix = "c") => [.. Enumerable.Range(0, n).Select(i => prefix + i)];

    [Theory]
    [InlineData("bad channel!")]
    [InlineData("private-encrypted-secret")]
    [InlineData("#server-to-user-u-1")]
    [InlineData("")]
    public async Task What_is_sent_is_what_was_validated(string laterChannel)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var channels = new ShiftingCollection<string>(["chat", "news"], [laterChannel, "news"], count: 2);

        await test.Client.TriggerAsync(channels, "e", "x");

        Assert.Equal("{\"name\":\"e\",\"channels\":[\"chat\",\"news\"],\"data\":\"x\"}", test.Handler.Single().BodyText);
        Assert.Equal(1, channels.Enumerations);
    }

    [Fact]
    public async Task A_collection_that_turns_encrypted_cannot_send_a_second_channel_in_plaintext()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher, o => o.EncryptionMasterKeyBase64 = TestClient.MasterKeyBase64);
        var channels = new ShiftingCollection<string>(["chat"], ["private-encrypted-a", "chat"], count: 1);

        await test.Client.TriggerAsync(channels, "e", "x");

        Assert.Equal("{\"name\":\"e\",\"channels\":[\"chat\"],\"data\":\"x\"}", test.Handler.Single().BodyText);
    }

    [Theory]
    [InlineData(1, 200)]
    [InlineData(100, 101)]
    [InlineData(0, 101)]
    public async Task A_lying_Count_cannot_bypass_the_channel_limit(int count, int enumerated)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var channels = new ShiftingCollection<string>(Channels(enumerated), Channels(enumerated), count);

        var error = await Assert.ThrowsAsync<ApinatorValidationException>(() => test.Client.TriggerAsync(channels, "e", "x"));

        Assert.Contains("at most 100 channels", error.Message, StringComparison.Ordinal);
        Assert.Empty(test.Handler.Requests);
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(0, 2)]
    public async Task A_Count_larger_or_smaller_than_the_content_sends_only_what_was_enumerated(int count, int enumerated)
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var channels = new ShiftingCollection<string>(Channels(enumerated), Channels(enumerated + 5, "z"), count);

        await test.Client.TriggerAsync(channels, "e", "x");

        var expected = string.Join(",", Channels(enumerated).Select(c => $"\"{c}\""));
        Assert.Equal($"{{\"name\":\"e\",\"channels\":[{expected}],\"data\":\"x\"}}", test.Handler.Single().BodyText);
    }

    [Fact]
    public async Task A_batch_whose_Count_lies_cannot_bypass_the_batch_limit()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        BatchEvent[] events = [.. Channels(11).Select(c => new BatchEvent(c, "e", "x"))];
        var batch = new ShiftingCollection<BatchEvent>(events, events, count: 1);

        var error = await Assert.ThrowsAsync<ApinatorValidationException>(() => test.Client.TriggerBatchAsync(batch));

        Assert.Contains("at most 10 events", error.Message, StringComparison.Ordinal);
        Assert.Empty(test.Handler.Requests);
    }

    [Fact]
    public async Task A_batch_sends_the_events_it_validated()
    {
        using var test = new TestClient(ApinatorProtocol.Pusher);
        var batch = new ShiftingCollection<BatchEvent>([new BatchEvent("chat", "e", "x")], [new BatchEvent("bad channel!", "e", "x")], count: 1);

        await test.Client.TriggerBatchAsync(batch);

        Assert.Equal("{\"batch\":[{\"channel\":\"chat\",\"name\":\"e\",\"data\":\"x\"}]}", test.Handler.Single().BodyText);
    }
}
