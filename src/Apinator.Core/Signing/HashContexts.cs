using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;

namespace Apinator.Signing;

/// <summary>
/// Ready <see cref="IncrementalHash"/> contexts kept in an <see cref="ObjectPool{T}"/>. With OpenSSL 3,
/// setting a context up (and, for HMAC, keying it) costs more than hashing a short message, so reusing
/// contexts roughly halves the cost of a signature (bench/Apinator.Benchmarks).
/// </summary>
internal sealed class HashContexts
{
    private readonly ObjectPool<IncrementalHash> _pool;

    public HashContexts(Func<IncrementalHash> create) =>
        // The plain pool, not the provider's disposing one: its extra checks cost more than a
        // signature's hashing saves, and a context it drops is freed by its SafeHandle.
        _pool = new DefaultObjectPool<IncrementalHash>(new Policy(create), Math.Max(4, Environment.ProcessorCount * 2));

    /// <summary>Hashes <paramref name="data"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = _pool.Get();
        hash.AppendData(data);
        // GetHashAndReset leaves the context ready for the next caller (for HMAC, still keyed). A
        // context that threw is not returned: its state is unknown.
        var written = hash.GetHashAndReset(destination);
        _pool.Return(hash);
        return written;
    }

    private sealed class Policy(Func<IncrementalHash> create) : PooledObjectPolicy<IncrementalHash>
    {
        public override IncrementalHash Create() => create();

        public override bool Return(IncrementalHash obj) => true;
    }
}
