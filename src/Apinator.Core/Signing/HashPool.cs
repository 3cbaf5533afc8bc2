using System.Security.Cryptography;

namespace Apinator.Signing;

/// <summary>
/// Ready <see cref="IncrementalHash"/> contexts kept for reuse. With OpenSSL 3, setting a context
/// up (and, for HMAC, keying it) costs more than hashing a short message, so reusing contexts
/// roughly halves the cost of a signature (bench/Apinator.Benchmarks). Thread-safe: each context is
/// used by one caller at a time; when all are busy a new one is made.
/// </summary>
internal sealed class HashPool(Func<IncrementalHash> create)
{
    private readonly IncrementalHash?[] _spare = new IncrementalHash?[Math.Max(2, Environment.ProcessorCount)];
    private IncrementalHash? _first;

    /// <summary>Hashes <paramref name="data"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = Rent();
        hash.AppendData(data);
        // GetHashAndReset leaves the context ready for the next caller (for HMAC, still keyed).
        var written = hash.GetHashAndReset(destination);
        Return(hash);
        return written;
    }

    private IncrementalHash Rent()
    {
        var hash = Interlocked.Exchange(ref _first, null);
        if (hash is not null) return hash;
        for (var i = 0; i < _spare.Length; i++)
        {
            hash = Interlocked.Exchange(ref _spare[i], null);
            if (hash is not null) return hash;
        }

        return create();
    }

    private void Return(IncrementalHash hash)
    {
        if (Interlocked.CompareExchange(ref _first, hash, null) is null) return;
        for (var i = 0; i < _spare.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _spare[i], hash, null) is null) return;
        }

        hash.Dispose();
    }
}
