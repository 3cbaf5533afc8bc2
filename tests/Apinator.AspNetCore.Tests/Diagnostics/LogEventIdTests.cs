using System.Reflection;
using System.Text.RegularExpressions;
using Apinator.AspNetCore.Redis;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Tests.Diagnostics;

/// <summary>
/// A log event id is how an operator filters or alerts on one kind of entry: each must mean one thing
/// across the three packages, and docs/telemetry.md must list exactly the ids the code logs.
/// </summary>
public partial class LogEventIdTests
{
    private static readonly Assembly[] Packages = [typeof(ApinatorClient).Assembly, typeof(Apinator.AspNetCore.Publishing.IApinatorPublisher).Assembly, typeof(RedisPublishQueueOptions).Assembly];

    [Fact]
    public void Every_log_event_id_is_used_by_one_message_only()
    {
        var messages = LogMessages();

        Assert.True(messages.Count > 30, $"only {messages.Count} log messages were found: is the attribute still read?");
        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used twice: " + string.Join("; ", shared));
    }

    [Fact]
    public void The_telemetry_page_lists_exactly_the_ids_the_code_logs()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "telemetry.md"));
        var section = page[page.IndexOf("## Log events", StringComparison.Ordinal)..];
        var documented = TableRow().Matches(section).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();

        Assert.Equal(LogMessages().Select(m => m.Id).Distinct().Order(), documented);
    }

    private static List<(int Id, string Method)> LogMessages() =>
    [
        .. from assembly in Packages
           from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (attribute.EventId, $"{type.Name}.{method.Name}"),
    ];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Apinator.AspNetCore.sln"))) return directory.FullName;
        }

        throw new FileNotFoundException("Apinator.AspNetCore.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
