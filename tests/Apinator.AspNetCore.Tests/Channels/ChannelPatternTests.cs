using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Apinator.AspNetCore.Channels;

namespace Apinator.AspNetCore.Tests.Channels;

public sealed partial class ChannelPatternTests
{
    private const string ChannelAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=@,.;";

    /// <summary>Patterns the library must accept; each is checked against the brute-force oracle below.</summary>
    public static TheoryData<string> ValidPatterns() =>
    [
        "private-user-{id}",
        "presence-room-{roomId}",
        "private-team-{team}",
        "private-x{a}",
        "presence-{room}-lobby",
        "private-org-{org:alnum}-{room}",
        "private-{a:alnum}-{b}",
        "private-{a:alnum}-{b:alnum}-{c}",
        "private-{a:alnum}_{b:alnum}_{c:alnum}",
        "private-{a:alpha}.{b:int}-{c}",
        "private-{a:int}x{b:alpha}",
        "private-{a:alnum}--{b}",
        "presence-{a:alnum}-{b}-lobby",
        "private-doc-{id:guid}-{page:int}",
        "private-doc-{id:guid}_{rest}",
        "private-encrypted-{a:alnum}-{b}",
        "private-encrypted-{topic}",
    ];

    [Theory]
    [MemberData(nameof(ValidPatterns))]
    public void Matches_exactly_when_one_split_satisfies_the_pattern_and_returns_that_split(string pattern)
    {
        var compiled = new ChannelPattern(pattern);
        var oracle = OraclePattern.Parse(pattern);

        foreach (var name in Names(oracle, new Random(pattern.Sum(c => c))))
        {
            var splits = oracle.Splits(name);
            var matched = compiled.TryMatch(name, out var values);

            Assert.True(splits.Count <= 1, $"'{pattern}' splits '{name}' {splits.Count} ways");
            Assert.True(matched == (splits.Count == 1), $"'{pattern}' vs '{name}': matcher {matched}, oracle {splits.Count} split(s)");
            if (matched)
            {
                Assert.Equal(oracle.Names.Length, values.Count);
                for (var n = 0; n < oracle.Names.Length; n++) Assert.Equal(splits[0][n], values[oracle.Names[n]]);
            }
            else
            {
                Assert.Empty(values);
            }
        }
    }

    [Theory]
    [InlineData("private-{room}")]
    [InlineData("private-{a:alnum}-{b}")]
    [InlineData("private-{kind:alpha}-{rest}")]
    [InlineData("private-encrypted{rest}")]
    [InlineData("private-enc{rest}")]
    public void A_pattern_that_does_not_say_private_encrypted_never_matches_an_encrypted_channel(string pattern)
    {
        var compiled = new ChannelPattern(pattern);

        Assert.False(compiled.TryMatch("private-encrypted-x", out var values));
        Assert.Empty(values);
        Assert.False(compiled.TryMatch("private-encrypted-secrets-1", out _));
        // Only the encrypted prefix is closed to it, not names that merely look alike.
        Assert.True(compiled.TryMatch("private-encryptedx-1", out _));
    }

    [Theory]
    [InlineData("private-encrypted-{room}", "room", "acme-x")]
    [InlineData("private-encrypted-{org:alnum}-{room}", "org", "acme")]
    public void A_pattern_that_says_private_encrypted_matches_encrypted_channels(string pattern, string placeholder, string expected)
    {
        var compiled = new ChannelPattern(pattern);

        Assert.True(compiled.TryMatch("private-encrypted-acme-x", out var values));
        Assert.Equal(expected, values[placeholder]);
        Assert.False(compiled.TryMatch("private-acme-x", out _));
    }

    [Theory]
    [InlineData("private-{a}-{b}", "private-x-y-z", "a", "b")]
    [InlineData("private-{a}{b}", "private-xyz", "a", "b")]
    [InlineData("private-{a}.{b}", "private-x.y.z", "a", "b")]
    [InlineData("private-org-{org}-{room}", "private-org-a-b-c", "org", "room")]
    [InlineData("private-{a:alnum}x{b}", "private-axxb", "a", "b")]
    [InlineData("private-{a:int}1{b}", "private-1111", "a", "b")]
    [InlineData("private-{a:alpha}{b:alpha}", "private-xyz", "a", "b")]
    [InlineData("private-{a:alnum}-{b}-{c}", "private-x-y-z-w", "b", "c")]
    [InlineData("presence-{a}-{b}-lobby", "presence-x-y-z-lobby", "a", "b")]
    public void A_pattern_that_can_split_a_name_two_ways_is_refused_at_registration(string pattern, string witness, string first, string second)
    {
        // The refusal is not over-cautious here: the oracle finds the name that splits two ways.
        Assert.True(OraclePattern.Parse(pattern).Splits(witness).Count >= 2, $"'{witness}' should split '{pattern}' two ways");

        var error = Assert.Throws<ArgumentException>(() => new ChannelPattern(pattern));

        Assert.Contains($"'{pattern}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{{{first}}}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{{{second}}}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("constraint", error.Message, StringComparison.Ordinal);
        Assert.Contains($"e.g. '{{{first}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private-{a:int}{b:alpha}")]
    [InlineData("private-{a:guid}{b}")]
    public void Adjacent_placeholders_are_refused_even_when_their_sets_happen_not_to_overlap(string pattern)
    {
        // Simpler to state and to read than "disjoint sets are fine": a separator is always required.
        var error = Assert.Throws<ArgumentException>(() => new ChannelPattern(pattern));
        Assert.Contains("no text between them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggested_constraint_makes_the_pattern_acceptable()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelPattern("private-org-{org}-{room}"));
        Assert.Contains("'{org:alnum}'", error.Message, StringComparison.Ordinal);

        Assert.True(new ChannelPattern("private-org-{org:alnum}-{room}").TryMatch("private-org-a-b-c", out var values));
        Assert.Equal("a", values["org"]);
        Assert.Equal("b-c", values["room"]);
    }

    [Theory]
    [InlineData("private-user-{id}", "private-user-a-b.c", "id", "a-b.c")]
    [InlineData("presence-room-{roomId}", "presence-room-42", "roomId", "42")]
    [InlineData("private-team-{team}", "private-team-red_blue", "team", "red_blue")]
    [InlineData("presence-{room}-lobby", "presence-a-lobby-lobby", "room", "a-lobby")]
    [InlineData("private-{ID:INT}", "private-7", "id", "7")]
    public void Single_placeholder_patterns_take_everything_between_the_literals(string pattern, string name, string placeholder, string expected)
    {
        Assert.True(new ChannelPattern(pattern).TryMatch(name, out var values));
        Assert.Equal(expected, values[placeholder]);
        Assert.Equal(expected, values[placeholder.ToUpperInvariant()]);
    }

    [Theory]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("private-doc-{id:guid}", "private-doc-0F8FAD5B-D9CB-469F-A165-70867728950E", true)]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5bd9cb469fa16570867728950e", false)]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5b-d9cb-469f-a165-70867728950", false)]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5b-d9cb-469f-a165-70867728950ee", false)]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5b-d9cb-469f-a165-70867728950g", false)]
    [InlineData("private-doc-{id:guid}", "private-doc-0f8fad5b-d9cb-469f-a16570-867728950e", false)]
    [InlineData("private-doc-{id:guid}", "private-doc-not-a-guid", false)]
    [InlineData("private-n-{n:int}", "private-n-0", true)]
    [InlineData("private-n-{n:int}", "private-n-2147483647", true)]
    [InlineData("private-n-{n:int}", "private-n-2147483648", false)]
    [InlineData("private-n-{n:int}", "private-n-12a", false)]
    [InlineData("private-n-{n:int}", "private-n-abc", false)]
    [InlineData("private-n-{n:int}", "private-n--1", false)]
    [InlineData("private-n-{n:int}", "private-n-", false)]
    [InlineData("private-a-{a:alpha}", "private-a-Abc", true)]
    [InlineData("private-a-{a:alpha}", "private-a-abc1", false)]
    [InlineData("private-a-{a:alnum}", "private-a-abc1", true)]
    [InlineData("private-a-{a:alnum}", "private-a-abc_1", false)]
    [InlineData("private-a-{a:alnum}", "private-a-abc-1", false)]
    [InlineData("private-a-{a}", "private-a-a b", false)]
    [InlineData("private-a-{a}", "private-a-é", false)]
    public void Constraints_check_the_whole_value(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, new ChannelPattern(pattern).TryMatch(name, out _));
    }

    [Theory]
    [InlineData("private-{id:uuid}", "unknown constraint 'uuid'; use one of alnum, alpha, int, guid")]
    [InlineData("private-{id:}", "unknown constraint ''")]
    [InlineData("private-{id", "'{' without a '}'")]
    [InlineData("private-{}", "'{}' whose name is not a plain name")]
    [InlineData("private-{:int}", "'{:int}' whose name is not a plain name")]
    [InlineData("private-{a-b}", "'{a-b}' whose name is not a plain name")]
    [InlineData("private-{a{b}}", "'{a{b}' whose name is not a plain name")]
    [InlineData("private-{id:alnum}-{ID}", "repeats '{ID}'")]
    [InlineData("private-a}", "contains '}'")]
    [InlineData("private-a b", "contains ' '")]
    [InlineData("private-*", "contains '*'")]
    public void Malformed_patterns_are_refused_with_a_message_naming_the_problem(string pattern, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelPattern(pattern));
        Assert.Contains($"'{pattern}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_and_hostile_names_are_answered_without_exceptions()
    {
        var repeated = "private-" + string.Concat(Enumerable.Repeat("a-", 500_000));
        var patterns = new[]
        {
            "private-{id}", "private-user-{id}", "presence-{room}-lobby", "private-{a:alnum}-{b:alnum}-{c:alnum}-{d}",
            "private-{a:alnum}-{b:alnum}-{c:alnum}-{d:alnum}", "private-chat",
        }.Select(p => new ChannelPattern(p)).ToArray();

        Assert.True(patterns[0].TryMatch(repeated, out var whole));
        Assert.Equal(repeated["private-".Length..], whole["id"]);
        Assert.False(patterns[1].TryMatch(repeated, out _));
        Assert.False(patterns[2].TryMatch(repeated, out _));
        Assert.True(patterns[3].TryMatch(repeated, out var split));
        Assert.Equal(new[] { "a", "a", "a" }, new[] { split["a"], split["b"], split["c"] });
        Assert.Equal(repeated.Length - "private-a-a-a-".Length, split["d"].Length);
        Assert.False(patterns[4].TryMatch(repeated, out _));
        Assert.False(patterns[3].TryMatch(repeated + "!", out _));

        var dashFirst = "private-" + string.Concat(Enumerable.Repeat("-a", 300_000));
        string?[] hostile =
        [
            null, string.Empty, "private-", "private", "p", new string('{', 100_000), "private-" + new string('\0', 100_000),
            "private-" + new string('é', 1_000_000), "private-a-\ud800-b", "private-\udc00", "private-a-a-a-" + new string('}', 10),
            dashFirst, "private-encrypted-" + new string('a', 1_000_000),
        ];
        foreach (var pattern in patterns)
        {
            foreach (var name in hostile)
            {
                var expected = ReferenceEquals(name, dashFirst) && pattern.Pattern == "private-{id}";
                Assert.Equal(expected, pattern.TryMatch(name!, out var values));
                Assert.Equal(expected ? 1 : 0, values.Count);
            }
        }
    }

    [Fact]
    public void A_miss_and_a_placeholder_free_match_allocate_nothing()
    {
        var plain = new ChannelPattern("private-chat");
        var placeholders = new ChannelPattern("private-{a:alnum}-{b:int}-{c}");
        for (var i = 0; i < 10; i++)
        {
            plain.TryMatch("private-chat", out _);
            placeholders.TryMatch("private-a-x-c", out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            plain.TryMatch("private-chat", out _);
            placeholders.TryMatch("private-a-x-c", out _);
            placeholders.TryMatch("private-encrypted-a-1-c", out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Names to try a pattern on: random strings with the pattern's prefix, names assembled from the
    /// pattern's literals and mischievous values (so that matches and near-misses are common), and
    /// long crafted names that repeat the separators.
    /// </summary>
    private static IEnumerable<string> Names(OraclePattern pattern, Random random)
    {
        const string Mischief = "ab1Z0-._x=";
        var literalChars = string.Concat(pattern.Literals).Distinct().ToArray();

        for (var i = 0; i < 400; i++)
        {
            var length = random.Next(0, 24);
            var body = new StringBuilder(random.Next(4) == 0 ? string.Empty : pattern.Literals[0]);
            for (var c = 0; c < length; c++)
            {
                body.Append(random.Next(3) switch
                {
                    0 => ChannelAlphabet[random.Next(ChannelAlphabet.Length)],
                    1 => Mischief[random.Next(Mischief.Length)],
                    _ => literalChars[random.Next(literalChars.Length)],
                });
            }

            yield return body.ToString();
        }

        for (var i = 0; i < 1_500; i++)
        {
            var name = new StringBuilder(pattern.Literals[0]);
            for (var n = 0; n < pattern.Names.Length; n++)
            {
                name.Append(Value(pattern.Constraints[n], random, Mischief, literalChars));
                name.Append(random.Next(10) == 0 ? pattern.Literals[random.Next(pattern.Literals.Length)] : pattern.Literals[n + 1]);
            }

            yield return name.ToString();
            if (random.Next(4) == 0) yield return "private-encrypted-" + name.ToString()[Math.Min(name.Length, pattern.Literals[0].Length)..];
        }

        foreach (var unit in new[] { "a-", "1-", "a.", "-", "a_", "ax", "1x", "-lobby", "a--" })
        {
            var repeated = string.Concat(Enumerable.Repeat(unit, 80));
            yield return pattern.Literals[0] + repeated;
            yield return pattern.Literals[0] + repeated + pattern.Literals[^1];
            yield return pattern.Literals[0] + repeated[..^1];
        }

        var guid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        yield return pattern.Literals[0] + guid + "-" + guid + "-" + guid;
        yield return pattern.Literals[0] + guid + guid + "-7";
        yield return pattern.Literals[0] + guid + "-7";
    }

    private static string Value(string constraint, Random random, string mischief, char[] literalChars)
    {
        var length = random.Next(1, 6);
        var usual = constraint switch
        {
            "alnum" => "abcXYZ0123456789",
            "alpha" => "abcxXYZ",
            "int" => "0123456789",
            "guid" => null,
            _ => ChannelAlphabet,
        };
        if (usual is null) return random.Next(5) == 0 ? "0f8fad5b-d9cb-469f-a165-70867728950" + mischief[random.Next(mischief.Length)] : Guid.NewGuid().ToString();

        var value = new StringBuilder();
        for (var c = 0; c < length; c++)
        {
            value.Append(random.Next(6) switch
            {
                0 => mischief[random.Next(mischief.Length)],
                1 => literalChars[random.Next(literalChars.Length)],
                _ => usual[random.Next(usual.Length)],
            });
        }

        return value.ToString();
    }

    /// <summary>
    /// An independent reading of a pattern that tries every way of cutting a name into literals and
    /// values (no scanning cleverness), applying each constraint as the documentation states it.
    /// </summary>
    private sealed partial class OraclePattern
    {
        private OraclePattern(string pattern, string[] literals, string[] names, string[] constraints)
        {
            Pattern = pattern;
            Literals = literals;
            Names = names;
            Constraints = constraints;
        }

        public string Pattern { get; }

        /// <summary>Literal text before, between and after the placeholders (one more than <see cref="Names"/>).</summary>
        public string[] Literals { get; }

        public string[] Names { get; }

        public string[] Constraints { get; }

        public static OraclePattern Parse(string pattern)
        {
            var parts = Placeholder().Split(pattern); // literal, name, constraint, literal, name, constraint, …, literal
            var literals = new List<string>();
            var names = new List<string>();
            var constraints = new List<string>();
            for (var i = 0; i < parts.Length; i++)
            {
                switch (i % 3)
                {
                    case 0: literals.Add(parts[i]); break;
                    case 1: names.Add(parts[i]); break;
                    default: constraints.Add(parts[i].ToLowerInvariant()); break;
                }
            }

            return new OraclePattern(pattern, [.. literals], [.. names], [.. constraints]);
        }

        public List<string[]> Splits(string name)
        {
            var found = new List<string[]>();
            if (!Pattern.StartsWith("private-encrypted-", StringComparison.Ordinal) && name.StartsWith("private-encrypted-", StringComparison.Ordinal)) return found;
            if (!name.StartsWith(Literals[0], StringComparison.Ordinal)) return found;
            Cut(name, Literals[0].Length, 0, new string[Names.Length], found);
            return found;
        }

        private void Cut(string name, int position, int index, string[] values, List<string[]> found)
        {
            if (index == Names.Length)
            {
                if (position == name.Length) found.Add([.. values]);
                return;
            }

            var literal = Literals[index + 1];
            for (var end = position + 1; end + literal.Length <= name.Length; end++)
            {
                if (string.CompareOrdinal(name, end, literal, 0, literal.Length) != 0) continue;
                var value = name[position..end];
                if (!Satisfies(Constraints[index], value)) continue;
                values[index] = value;
                Cut(name, end + literal.Length, index + 1, values, found);
            }
        }

        private static bool Satisfies(string constraint, string value) => constraint switch
        {
            "" => value.All(ChannelAlphabet.Contains),
            "alnum" => value.All(char.IsAsciiLetterOrDigit),
            "alpha" => value.All(char.IsAsciiLetter),
            "int" => value.All(char.IsAsciiDigit) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            "guid" => value.Length == 36 && value.All(c => char.IsAsciiHexDigit(c) || c == '-') && Guid.TryParseExact(value, "D", out _),
            _ => throw new ArgumentException($"The oracle does not know '{constraint}'.", nameof(constraint)),
        };

        [GeneratedRegex(@"\{(\w+):?(\w*)\}")]
        private static partial Regex Placeholder();
    }
}
