using Apinator.AspNetCore.Publishing;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>Lanes must agree across processes: the hash is FNV-1a over UTF-8, checked against the published test vectors.</summary>
public sealed class PublishQueueLanesTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void A_channel_s_lane_is_its_FNV_1a_hash_modulo_the_lanes(string channel, uint fnv1a)
    {
        Assert.Equal((int)(fnv1a % 65536), PublishQueueLanes.Of(channel, 65536));
        Assert.Equal((int)(fnv1a % 8), PublishQueueLanes.Of(channel, 8));
    }

    [Fact]
    public void A_long_or_non_ASCII_channel_hashes_its_UTF_8_bytes()
    {
        // Longer than the stack buffer: the same definition, byte by byte.
        var hash = 2166136261u;
        for (var i = 0; i < 300; i++) hash = unchecked((hash ^ 'x') * 16777619u);
        Assert.Equal((int)(hash % 7), PublishQueueLanes.Of(new string('x', 300), 7));
        // "é" is C3 A9 in UTF-8 (not the UTF-16 unit E9).
        var expected = unchecked((((2166136261u ^ 0xC3u) * 16777619u) ^ 0xA9u) * 16777619u) % 1000u;
        Assert.Equal((int)expected, PublishQueueLanes.Of("é", 1000));
    }

    [Fact]
    public void A_null_channel_or_fewer_than_one_lane_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => PublishQueueLanes.Of(null!, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => PublishQueueLanes.Of("a", 0));
    }
}
