namespace Apinator.AspNetCore.Channels;

/// <summary>
/// A channel-name pattern such as <c>private-user-{userId}</c>: literal text plus named
/// placeholders, each matching one or more characters.
/// </summary>
/// <remarks>
/// <para>
/// A placeholder is <c>{name}</c> or <c>{name:constraint}</c>; the name is letters, digits and
/// <c>_</c>, unique in the pattern (ignoring case). Without a constraint it matches any channel-name
/// characters (<c>A–Z a–z 0–9 _ - = @ , . ;</c>, and <c>:</c>, which only Sockudo's namespaced names
/// hold: <c>private-chat:{room}</c>). Constraints, in the style of route templates:
/// <c>alnum</c> (ASCII letters and digits), <c>alpha</c> (ASCII letters), <c>int</c> (ASCII digits
/// that fit an <see cref="int"/>), <c>guid</c> (36 characters, <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>).
/// </para>
/// <para>
/// Every pattern must split a name in at most one way, or a member of org <c>a</c> could be let into
/// org <c>a-b</c>'s rooms. So every placeholder but the last must be followed by literal text, and
/// must either have a fixed length (<c>guid</c>) or a constraint that cannot contain the first
/// character of that text: <c>private-org-{org:alnum}-{room}</c> is accepted,
/// <c>private-org-{org}-{room}</c>, <c>private-{ns}:{room}</c> and <c>private-{a}{b}</c> are refused with an
/// <see cref="ArgumentException"/> when the rule is registered. The last placeholder needs no
/// constraint: once the ones before it are fixed, it is whatever lies before the trailing text.
/// </para>
/// <para>
/// A pattern only matches an end-to-end encrypted channel (<c>private-encrypted-…</c>) when it
/// itself starts with <c>private-encrypted-</c>: a rule written for <c>private-{room}</c> must not
/// hand out the shared secret of <c>private-encrypted-{room}</c>.
/// </para>
/// <para>
/// Matching is one left-to-right pass, linear in the name's length; it never throws and never
/// allocates except for the values of a successful match.
/// </para>
/// </remarks>
internal sealed class ChannelPattern
{
    private const string EncryptedPrefix = "private-encrypted-";

    private readonly string _prefix;
    private readonly Placeholder[] _placeholders;
    private readonly bool _allowsEncrypted;

    public ChannelPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        _allowsEncrypted = pattern.StartsWith(EncryptedPrefix, StringComparison.Ordinal);

        var placeholders = new List<Placeholder>();
        var literalStart = 0;
        string? prefix = null;
        var i = 0;
        while (true)
        {
            var open = pattern.IndexOf('{', i);
            var literal = pattern[literalStart..(open < 0 ? pattern.Length : open)];
            CheckLiteral(pattern, literal);
            if (prefix is null) prefix = literal;
            else placeholders[^1] = placeholders[^1] with { Literal = literal };
            if (open < 0) break;

            var close = pattern.IndexOf('}', open);
            if (close < 0) throw new ArgumentException($"Channel pattern '{pattern}' has a '{{' without a '}}'.", nameof(pattern));
            placeholders.Add(ParsePlaceholder(pattern, pattern[(open + 1)..close], placeholders));
            literalStart = i = close + 1;
        }

        _prefix = prefix ?? string.Empty;
        _placeholders = [.. placeholders];
        CheckUnambiguous(pattern, _placeholders);
    }

    public string Pattern { get; }

    /// <summary>
    /// Whether <paramref name="channelName"/> matches; if so, <paramref name="values"/> holds each
    /// placeholder's value by name, ignoring case. Any string is accepted, null included.
    /// </summary>
    public bool TryMatch(string channelName, out IReadOnlyDictionary<string, string> values)
    {
        values = EmptyValues;
        if (channelName is null) return false;
        if (!_allowsEncrypted && channelName.StartsWith(EncryptedPrefix, StringComparison.Ordinal)) return false;
        if (_placeholders.Length == 0) return string.Equals(channelName, Pattern, StringComparison.Ordinal);

        // Check first and collect afterwards, so that a name which does not match allocates nothing.
        if (!TryScan(channelName, into: null)) return false;

        var dictionary = new Dictionary<string, string>(_placeholders.Length, StringComparer.OrdinalIgnoreCase);
        TryScan(channelName, dictionary);
        values = dictionary;
        return true;
    }

    // One pass from left to right. Each placeholder but the last ends either after its fixed length
    // or at the first character outside its set; the last ends where the trailing literal begins.
    // CheckUnambiguous guarantees that this is the only split that could satisfy the pattern, so
    // there is nothing to backtrack into: each character is looked at a bounded number of times.
    private bool TryScan(string name, Dictionary<string, string>? into)
    {
        if (!name.StartsWith(_prefix, StringComparison.Ordinal)) return false;
        var position = _prefix.Length;
        var last = _placeholders.Length - 1;
        for (var n = 0; n <= last; n++)
        {
            var placeholder = _placeholders[n];
            var constraint = placeholder.Constraint;
            int end;
            if (n == last)
            {
                end = name.Length - placeholder.Literal.Length;
                if (end <= position || !name.EndsWith(placeholder.Literal, StringComparison.Ordinal)) return false;
            }
            else if (constraint.FixedLength != 0)
            {
                if (name.Length - position < constraint.FixedLength) return false;
                end = position + constraint.FixedLength;
            }
            else
            {
                var run = name.AsSpan(position).IndexOfAnyExcept(constraint.Chars);
                end = run < 0 ? name.Length : position + run;
            }

            if (!constraint.IsValid(name.AsSpan(position, end - position))) return false;
            into?.Add(placeholder.Name, name[position..end]);
            if (n == last) return true;
            if (!name.AsSpan(end).StartsWith(placeholder.Literal, StringComparison.Ordinal)) return false;
            position = end + placeholder.Literal.Length;
        }

        return false;
    }

    private static Placeholder ParsePlaceholder(string pattern, string text, List<Placeholder> before)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Channel pattern '{pattern}' has a placeholder '{{{text}}}' whose name is not a plain name (letters, digits, '_').", nameof(pattern));
        }

        if (before.Exists(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"Channel pattern '{pattern}' repeats '{{{name}}}'.", nameof(pattern));
        }

        var constraint = PlaceholderConstraint.Any;
        if (colon >= 0 && !PlaceholderConstraint.TryGet(text[(colon + 1)..], out constraint))
        {
            throw new ArgumentException(
                $"Channel pattern '{pattern}' gives '{{{name}}}' the unknown constraint '{text[(colon + 1)..]}'; use one of {PlaceholderConstraint.KnownNames}, or none.", nameof(pattern));
        }

        return new Placeholder(name, constraint, string.Empty);
    }

    private static void CheckLiteral(string pattern, string literal)
    {
        // A literal a channel name can never contain (a stray '}', a space, '*') is a mistake,
        // not a pattern that quietly never matches.
        var bad = literal.AsSpan().IndexOfAnyExcept(PlaceholderConstraint.ChannelChars);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Channel pattern '{pattern}' contains '{literal[bad]}', which is not allowed in channel names (letters, digits, _ - = @ , . ; and, on Sockudo, :) nor part of a '{{placeholder}}'.", nameof(pattern));
        }
    }

    // Why this suffices: the literal prefix is fixed, so the first placeholder starts at a fixed
    // position. Suppose placeholder P starts at a fixed position and is followed by a non-empty
    // literal L. If P has a fixed length, its end is fixed. Otherwise P's characters cannot include
    // L[0], and in any split P's value is followed by L[0]; so P's value ends exactly at the first
    // character outside P's set (which must be L[0]). Either way L, and hence the next placeholder,
    // starts at a fixed position. The last placeholder runs from its fixed start to the fixed start
    // of the trailing literal (the name's length minus the literal's). By induction every bound is
    // fixed: at most one split exists, and TryScan finds exactly that one.
    private static void CheckUnambiguous(string pattern, Placeholder[] placeholders)
    {
        for (var n = 0; n < placeholders.Length - 1; n++)
        {
            var (name, constraint, literal) = placeholders[n];
            var next = placeholders[n + 1].Name;
            if (literal.Length == 0)
            {
                throw new ArgumentException(
                    $"Channel pattern '{pattern}' is ambiguous: '{{{name}}}' and '{{{next}}}' have no text between them, so a name could be split between them in more than one way. " +
                    $"Separate them with text whose first character '{{{name}}}' cannot contain, giving it a constraint if needed, e.g. '{{{name}:alnum}}-{{{next}}}'.", nameof(pattern));
            }

            if (constraint.FixedLength == 0 && constraint.Chars.Contains(literal[0]))
            {
                var suggestion = PlaceholderConstraint.Excluding(literal[0]).First().Name;
                throw new ArgumentException(
                    $"Channel pattern '{pattern}' is ambiguous: '{{{name}}}' may itself contain '{literal[0]}', which starts the text '{literal}' before '{{{next}}}', so a name could be split between '{{{name}}}' and '{{{next}}}' in more than one way. " +
                    $"Give '{{{name}}}' a constraint without '{literal[0]}', e.g. '{{{name}:{suggestion}}}', or separate them with a character it cannot contain.", nameof(pattern));
            }
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyValues = new Dictionary<string, string>();

    /// <summary>A placeholder and the literal text that follows it (up to the next placeholder or the end).</summary>
    private readonly record struct Placeholder(string Name, PlaceholderConstraint Constraint, string Literal);
}
