using System.Globalization;

namespace Apinator.AspNetCore.Tests.Publishing;

/// <summary>Checks on what a sink took of events whose data is <c>{channel}:{n}</c>, n counting from 0 per channel.</summary>
internal static class DeliveryAssert
{
    /// <summary>The numbers of a channel's events, in the order the sink took them.</summary>
    public static List<int> Numbers(IEnumerable<QueueSink.SentEvent> events, string channel) =>
        [.. events.Where(e => e.Channel == channel).Select(e => int.Parse(e.Data[(channel.Length + 1)..], CultureInfo.InvariantCulture))];

    /// <summary>Each of the channel's <paramref name="count"/> events once, in the order they were accepted.</summary>
    public static void ExactlyOnceInOrder(IEnumerable<QueueSink.SentEvent> events, string channel, int count) =>
        Assert.Equal(Enumerable.Range(0, count), Numbers(events, channel));

    /// <summary>
    /// The channel's events in order from its first, each at least once, where one run of them may be
    /// sent again, in its order (what an instance taking over a lane resends: the batch a killed
    /// instance sent but never saw answered). Returns how many distinct events the channel has.
    /// </summary>
    public static int InOrderWithAtMostOneResend(IEnumerable<QueueSink.SentEvent> events, string channel)
    {
        var numbers = Numbers(events, channel);
        var steppedBack = false;
        for (var i = 0; i < numbers.Count; i++)
        {
            var expected = i == 0 ? 0 : numbers[i - 1] + 1;
            if (numbers[i] == expected) continue;
            Assert.True(i > 0 && !steppedBack && numbers[i] < expected,
                $"Channel {channel}: event {numbers[i]} came at position {i} where {expected} was due (a resend may step back once); the sink took: {string.Join(',', numbers)}");
            steppedBack = true;
        }

        return numbers.Count == 0 ? 0 : numbers.Max() + 1;
    }
}
