using System.Buffers;
using System.Text;

namespace Apinator.Signing;

/// <summary>
/// Builds a UTF-8 string-to-sign in a stack or pooled buffer, so signing allocates nothing but
/// its result.
/// </summary>
internal ref struct Utf8Buffer
{
    public const int StackSize = 512;

    private byte[]? _rented;
    private Span<byte> _buffer;
    private int _length;

    public Utf8Buffer(Span<byte> initial)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(scoped ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
    }

    public void Append(scoped ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer[_length..]);
        _length += utf8.Length;
    }

    public void Append(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void Append(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer[_length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer[.._length].CopyTo(next);
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
        _rented = next;
        _buffer = next;
    }
}
