using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Apinator.Serialization;

/// <summary>
/// Reuses <see cref="Utf8JsonWriter"/>s and a scratch buffer per thread, as System.Text.Json does
/// internally, so building a request body or a presence <c>channel_data</c> allocates no writer.
/// Rent, write synchronously (no await before returning), return. Two writers cover the deepest
/// nesting used: a body writer and the writer serializing the event data inside it.
/// </summary>
internal static class JsonWriterCache
{
    private const int MaxCachedScratchBytes = 16 * 1024;

    [ThreadStatic]
    private static Utf8JsonWriter? t_first;

    [ThreadStatic]
    private static Utf8JsonWriter? t_second;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Where a returned writer points, so it keeps no caller's buffer alive. Never written to.</summary>
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output, JavaScriptEncoder? encoder)
    {
        var writer = t_first;
        if (writer is not null && writer.Options.Encoder == encoder)
        {
            t_first = null;
        }
        else
        {
            writer = t_second;
            if (writer is null || writer.Options.Encoder != encoder) return new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = encoder });
            t_second = null;
        }

        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        writer.Reset(Detached);
        if (t_first is null) t_first = writer;
        else t_second = writer;
    }

    /// <summary>This thread's scratch buffer, empty, for JSON that is copied out before <see cref="ReturnScratch"/>.</summary>
    public static ArrayBufferWriter<byte> RentScratch()
    {
        var scratch = t_scratch ?? new ArrayBufferWriter<byte>(256);
        t_scratch = null;
        return scratch;
    }

    public static void ReturnScratch(ArrayBufferWriter<byte> scratch)
    {
        // An unusually large document is not worth keeping for the thread's lifetime.
        if (scratch.Capacity > MaxCachedScratchBytes) return;
        scratch.ResetWrittenCount();
        t_scratch = scratch;
    }
}
