using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.ObjectPool;

namespace Apinator.Serialization;

/// <summary>
/// Pooled <see cref="Utf8JsonWriter"/>s (all with one encoder) and <see cref="ArrayBufferWriter{T}"/>s,
/// so building a request body or a presence <c>channel_data</c> allocates no writer and no growing
/// buffer. One instance per client or authorizer; thread-safe.
/// </summary>
internal sealed class JsonBuffers
{
    /// <summary>A buffer that grew past this (an unusually large event) is not worth keeping.</summary>
    private const int MaxPooledBufferBytes = 64 * 1024;

    /// <summary>Where a returned writer points, so it keeps no caller's buffer alive. Never written to.</summary>
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    private readonly ObjectPool<Utf8JsonWriter> _writers;
    private readonly ObjectPool<ArrayBufferWriter<byte>> _buffers;

    public JsonBuffers(JavaScriptEncoder? encoder)
    {
        // Plain pools (not the provider's disposing ones): a writer dropped when the pool is full
        // holds no unmanaged resource.
        var retained = Math.Max(4, Environment.ProcessorCount * 2);
        _writers = new DefaultObjectPool<Utf8JsonWriter>(new WriterPolicy(new JsonWriterOptions { Encoder = encoder }), retained);
        _buffers = new DefaultObjectPool<ArrayBufferWriter<byte>>(new BufferPolicy(), retained);
    }

    /// <summary>A writer over <paramref name="output"/>; give it back with <see cref="Return(Utf8JsonWriter)"/>.</summary>
    public Utf8JsonWriter RentWriter(IBufferWriter<byte> output)
    {
        var writer = _writers.Get();
        writer.Reset(output);
        return writer;
    }

    public void Return(Utf8JsonWriter writer)
    {
        writer.Reset(Detached);
        _writers.Return(writer);
    }

    /// <summary>An empty buffer; give it back with <see cref="Return(ArrayBufferWriter{byte}, bool)"/>.</summary>
    public ArrayBufferWriter<byte> RentBuffer() => _buffers.Get();

    /// <param name="buffer">The buffer.</param>
    /// <param name="clear">Zero what was written, e.g. a plaintext before encryption.</param>
    public void Return(ArrayBufferWriter<byte> buffer, bool clear = false)
    {
        if (clear) buffer.Clear();
        _buffers.Return(buffer);
    }

    private sealed class WriterPolicy(JsonWriterOptions options) : PooledObjectPolicy<Utf8JsonWriter>
    {
        public override Utf8JsonWriter Create() => new(Detached, options);

        public override bool Return(Utf8JsonWriter obj) => true;
    }

    private sealed class BufferPolicy : PooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        public override ArrayBufferWriter<byte> Create() => new(1024);

        public override bool Return(ArrayBufferWriter<byte> obj)
        {
            if (obj.Capacity > MaxPooledBufferBytes) return false;
            obj.ResetWrittenCount();
            return true;
        }
    }
}
