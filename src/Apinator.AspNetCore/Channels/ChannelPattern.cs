using System.Text;
using System.Text.RegularExpressions;

namespace Apinator.AspNetCore.Channels;

/// <summary>
/// A channel-name pattern such as <c>private-user-{userId}</c>: literal text plus named
/// placeholders, each matching one or more characters.
/// </summary>
internal sealed class ChannelPattern
{
    private readonly Regex _regex;
    private readonly string[] _names;

    public ChannelPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        var names = new List<string>();
        var regex = new StringBuilder("^");
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                regex.Append(Regex.Escape(pattern[i..]));
                break;
            }

            var close = pattern.IndexOf('}', open);
            if (close < 0) throw new ArgumentException($"Channel pattern '{pattern}' has a '{{' without a '}}'.", nameof(pattern));
            var name = pattern[(open + 1)..close];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Channel pattern '{pattern}' has a placeholder '{{{name}}}' that is not a plain name.", nameof(pattern));
            }

            if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) throw new ArgumentException($"Channel pattern '{pattern}' repeats '{{{name}}}'.", nameof(pattern));
            regex.Append(Regex.Escape(pattern[i..open])).Append("(.+?)");
            names.Add(name);
            i = close + 1;
        }

        regex.Append('$');
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
        _names = [.. names];
    }

    public string Pattern { get; }

    public bool TryMatch(string channelName, out IReadOnlyDictionary<string, string> values)
    {
        values = EmptyValues;
        // A pattern without placeholders is plain text: no regex run, no Match allocated per request.
        if (_names.Length == 0) return string.Equals(channelName, Pattern, StringComparison.Ordinal);

        var match = _regex.Match(channelName);
        if (!match.Success) return false;

        var dictionary = new Dictionary<string, string>(_names.Length, StringComparer.OrdinalIgnoreCase);
        for (var n = 0; n < _names.Length; n++) dictionary[_names[n]] = match.Groups[n + 1].Value;
        values = dictionary;
        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyValues = new Dictionary<string, string>();
}
