using System.Text;
using System.Text.Json;

namespace Apinator.Webhooks;

/// <summary>
/// One JSON value as the webhook parser found it, kept as the body's own bytes until someone needs
/// it as text: most values of a delivery (a known event's name, members of events of another kind)
/// are only compared or never read, so they cost no string.
/// </summary>
internal readonly ref struct JsonText
{
    /// <summary>Refuses invalid UTF-8 as <see cref="Utf8JsonReader.GetString"/> does, rather than replacing it.</summary>
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _utf8;
    private readonly string? _unescaped;

    private JsonText(JsonTokenType kind, ReadOnlySpan<byte> utf8, string? unescaped)
    {
        Kind = kind;
        _utf8 = utf8;
        _unescaped = unescaped;
    }

    /// <summary><see cref="JsonTokenType.None"/> when absent; else the value's first token (<c>StartObject</c> for an object).</summary>
    public JsonTokenType Kind { get; }

    public bool IsString => Kind == JsonTokenType.String;

    /// <summary>Reads the value the reader is on (skipping an object or array to its end): a string's text, anything else's raw JSON.</summary>
    public static JsonText Read(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // An escaped string is rare: unescaped now rather than by hand later.
                return reader.ValueIsEscaped ? new(JsonTokenType.String, default, reader.GetString()) : new(JsonTokenType.String, reader.ValueSpan, null);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var kind = reader.TokenType;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return new(kind, body[start..(int)reader.BytesConsumed], null);
            default:
                return new(reader.TokenType, reader.ValueSpan, null);
        }
    }

    /// <summary>An object's JSON as sent.</summary>
    public static JsonText Object(ReadOnlySpan<byte> json) => new(JsonTokenType.StartObject, json, null);

    /// <summary>Whether this is the string <paramref name="utf8"/>.</summary>
    public bool Is(ReadOnlySpan<byte> utf8) =>
        IsString && (_unescaped is null ? _utf8.SequenceEqual(utf8) : _unescaped == Strict.GetString(utf8));

    /// <summary>The text: a string's value, or another value's JSON as sent.</summary>
    public override string ToString() => _unescaped ?? Strict.GetString(_utf8);

    /// <summary>The text of a string; null for anything else or when absent.</summary>
    public string? StringOrNull() => IsString ? ToString() : null;
}
