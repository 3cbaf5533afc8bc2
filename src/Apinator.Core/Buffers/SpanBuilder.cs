using System.Buffers;
using System.Globalization;
using System.Text;

namespace Apinator.Buffers;

/// <summary>
/// Builds a short run of bytes (a UTF-8 string-to-sign) or chars (a signed URL) in a stack buffer
/// that moves to <see cref="ArrayPool{T}"/> when it outgrows it, so signing allocates only its
/// result. Dispose it to return a rented array.
/// </summary>
/// <typeparam name="T"><see cref="byte"/> or <see cref="char"/>.</typeparam>
internal ref struct SpanBuilder<T>
    where T : unmanaged
{
    /// <summary>Enough for every string-to-sign and URL of ordinary calls.</summary>
    public const int StackSize = 512;

    private T[]? _rented;
    private Span<T> _buffer;
    private int _length;

    public SpanBuilder(Span<T> initial)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
    }

    public readonly ReadOnlySpan<T> Written => _buffer[.._length];

    public void Append(T item)
    {
        Ensure(1);
        _buffer[_length++] = item;
    }

    public void Append(scoped ReadOnlySpan<T> items)
    {
        Ensure(items.Length);
        items.CopyTo(_buffer[_length..]);
        _length += items.Length;
    }

    /// <summary>Room for at least <paramref name="count"/> more items, to write into and then <see cref="Advance"/>.</summary>
    public Span<T> Reserve(int count)
    {
        Ensure(count);
        return _buffer[_length..];
    }

    public void Advance(int count) => _length += count;

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<T>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var next = ArrayPool<T>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer[.._length].CopyTo(next);
        if (_rented is not null) ArrayPool<T>.Shared.Return(_rented);
        _rented = next;
        _buffer = next;
    }
}

/// <summary>The text appends of <see cref="SpanBuilder{T}"/>: UTF-8 into bytes, escaped into chars.</summary>
internal static class SpanBuilderText
{
    public static void AppendUtf8(this ref SpanBuilder<byte> builder, scoped ReadOnlySpan<char> text) =>
        builder.Advance(Encoding.UTF8.GetBytes(text, builder.Reserve(Encoding.UTF8.GetMaxByteCount(text.Length))));

    public static void AppendUtf8(this ref SpanBuilder<byte> builder, long value)
    {
        value.TryFormat(builder.Reserve(20), out var written, default, CultureInfo.InvariantCulture);
        builder.Advance(written);
    }

    /// <summary>Appends <paramref name="text"/> escaped as <see cref="Uri.EscapeDataString(string)"/> does.</summary>
    public static void AppendEscaped(this ref SpanBuilder<char> builder, scoped ReadOnlySpan<char> text)
    {
        // One char escapes to at most nine ("%XX" for each of up to three UTF-8 bytes).
        Uri.TryEscapeDataString(text, builder.Reserve(text.Length * 9), out var written);
        builder.Advance(written);
    }
}
