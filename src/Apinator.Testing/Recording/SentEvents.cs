using System.Text;
using System.Text.Json;

namespace Apinator.Testing;

/// <summary>Finds recorded events for the fake's assertions and describes what was sent when none matches.</summary>
internal static class SentEvents
{
    public static TriggeredEvent Find(IReadOnlyList<TriggeredEvent> sent, string channel, string eventName, Func<TriggeredEvent, bool>? predicate, string expected)
    {
        foreach (var e in sent)
        {
            if (e.Channel == channel && e.Name == eventName && (predicate is null || predicate(e))) return e;
        }

        throw new ApinatorAssertionException($"Expected {expected} to be triggered, but {Describe(sent)}");
    }

    public static TriggeredEvent FindMatchingData(IReadOnlyList<TriggeredEvent> sent, string channel, string eventName, Func<JsonElement, bool> dataPredicate)
    {
        Exception? firstThrown = null;
        var thrown = 0;
        bool Matches(TriggeredEvent e)
        {
            if (!IsJson(e.Data, out var json)) return false;
            try
            {
                return dataPredicate(json);
            }
            catch (Exception error)
            {
                // A check written for the awaited event (data.GetProperty("text")) meets the channel's
                // other events too: for those, throwing means "not this one", not a failed test.
                firstThrown ??= error;
                thrown++;
                return false;
            }
        }

        try
        {
            return Find(sent, channel, eventName, Matches, $"'{eventName}' on '{channel}' with matching data");
        }
        catch (ApinatorAssertionException failure) when (firstThrown is not null)
        {
            var times = thrown == 1 ? "once" : $"{thrown} times";
            throw new ApinatorAssertionException(
                $"{failure.Message}{Environment.NewLine}The data check threw {times}, first {firstThrown.GetType().Name}: {firstThrown.Message}",
                firstThrown);
        }
    }

    public static string Describe(IReadOnlyList<TriggeredEvent> sent)
    {
        if (sent.Count == 0) return "nothing was.";
        var text = new StringBuilder(sent.Count == 1 ? "1 event was:" : $"{sent.Count} events were:");
        foreach (var e in sent) text.AppendLine().Append("  - ").Append(e);
        return text.ToString();
    }

    private static bool IsJson(string data, out JsonElement json)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            json = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }
}
