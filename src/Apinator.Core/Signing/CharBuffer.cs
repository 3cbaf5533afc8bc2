using System.Buffers;

namespace Apinator.Signing;

/// <summary>
/// Builds a short string (a signed query, an auth value) in a stack or pooled buffer, so only the
/// final string is allocated.
/// </summary>
internal ref struct CharBuffer
{
    public const int StackSize = 256;

    private char[]? _rented;
    private Span<char> _buffer;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
    }

    public void Append(char c)
    {
        Ensure(1);
        _buffer[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_buffer[_length..]);
        _length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> escaped as <see cref="Uri.EscapeDataString(string)"/> does.</summary>
    public void AppendEscaped(scoped ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        int written;
        while (!Uri.TryEscapeDataString(text, _buffer[_length..], out written))
        {
            Ensure(_buffer.Length - _length + 1);
        }

        _length += written;
    }

    public readonly ReadOnlySpan<char> Written => _buffer[.._length];

    public override readonly string ToString() => new(_buffer[.._length]);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer[.._length].CopyTo(next);
        if (_rented is not null) ArrayPool<char>.Shared.Return(_rented);
        _rented = next;
        _buffer = next;
    }
}
