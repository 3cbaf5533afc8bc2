using System.Buffers;
using System.Globalization;

namespace Apinator.AspNetCore.Channels;

/// <summary>
/// What a channel-pattern placeholder accepts: a set of characters and, for some, a fixed length or
/// format. <c>{name}</c> accepts any channel-name character; <c>{name:alnum}</c>, <c>{name:alpha}</c>,
/// <c>{name:int}</c> and <c>{name:guid}</c> narrow it.
/// </summary>
internal sealed class PlaceholderConstraint
{
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const int GuidLength = 36;

    /// <summary>
    /// Every character a channel name may hold on any service: PROTOCOL.md §3's, plus ':' for Sockudo's
    /// namespaced channels (<c>private-chat:room1</c>). Whether a name is valid on the app's service is
    /// the endpoint's check (the dialect's rules), made before any pattern is tried.
    /// </summary>
    internal static readonly SearchValues<char> ChannelChars = SearchValues.Create(Letters + Digits + "_-=@,.;:");

    /// <summary>No constraint: one or more channel-name characters.</summary>
    public static readonly PlaceholderConstraint Any = new(string.Empty, ChannelChars, fixedLength: 0, Kind.Any);

    private static readonly PlaceholderConstraint[] Named =
    [
        new("alnum", SearchValues.Create(Letters + Digits), fixedLength: 0, Kind.Chars),
        new("alpha", SearchValues.Create(Letters), fixedLength: 0, Kind.Chars),
        new("int", SearchValues.Create(Digits), fixedLength: 0, Kind.Int),
        new("guid", SearchValues.Create(Digits + "abcdefABCDEF-"), GuidLength, Kind.Guid),
    ];

    private readonly SearchValues<char> _chars;
    private readonly Kind _kind;

    private PlaceholderConstraint(string name, SearchValues<char> chars, int fixedLength, Kind kind)
    {
        Name = name;
        _chars = chars;
        FixedLength = fixedLength;
        _kind = kind;
    }

    private enum Kind
    {
        Any,
        Chars,
        Int,
        Guid,
    }

    /// <summary>The name used after the colon in a pattern; empty for <see cref="Any"/>.</summary>
    public string Name { get; }

    /// <summary>The characters a value may hold.</summary>
    public SearchValues<char> Chars => _chars;

    /// <summary>The exact length of every accepted value, or 0 when values vary in length.</summary>
    public int FixedLength { get; }

    /// <summary>The constraint names a pattern may use, for error messages.</summary>
    public static string KnownNames => string.Join(", ", Named.Select(c => c.Name));

    /// <summary>The named constraints that can never contain <paramref name="c"/>, narrowest first.</summary>
    public static IEnumerable<PlaceholderConstraint> Excluding(char c) =>
        Named.Where(n => n.FixedLength == 0 && !n._chars.Contains(c));

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PlaceholderConstraint? constraint)
    {
        constraint = Array.Find(Named, n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
        return constraint is not null;
    }

    /// <summary>Whether <paramref name="value"/> is a whole, acceptable value. Never throws.</summary>
    public bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.ContainsAnyExcept(_chars)) return false;
        if (FixedLength != 0 && value.Length != FixedLength) return false;
        return _kind switch
        {
            // Values go to user code that will call int.Parse: a value that would overflow is not an int.
            Kind.Int => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            Kind.Guid => IsHyphenatedGuid(value),
            _ => true,
        };
    }

    // The 8-4-4-4-12 form Guid.ToString() writes; the character set already limits it to hex and '-'.
    private static bool IsHyphenatedGuid(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var hyphenHere = i is 8 or 13 or 18 or 23;
            if ((value[i] == '-') != hyphenHere) return false;
        }

        return true;
    }
}
