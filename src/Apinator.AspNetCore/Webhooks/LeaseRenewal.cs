using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Webhooks;

/// <summary>
/// Keeps one attempt's claims in progress while its handler runs: the delivery's, and the mark of
/// the event being handled. Each is renewed every third of the lease on the app's
/// <see cref="TimeProvider"/>, so a handler slower than the lease is not run again meanwhile, while
/// an instance that dies stops renewing and its claims lapse within a lease. A renewal that fails
/// or finds the claim lost is logged, and the handler goes on: stopping it part-way would be worse.
/// Disposing stops the renewals and waits for one under way, so that none outlives the request or
/// lands after the claim is completed or released; it never throws.
/// </summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly DeliveryClaims _claims;
    private readonly TimeSpan _lease;
    private readonly string _handler;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _renewing;
    private int _disposed;
    private volatile bool _finishing;

    /// <summary>Starts renewing the claim on <paramref name="key"/> owned by <paramref name="token"/>, a third of a lease from now.</summary>
    public LeaseRenewal(DeliveryClaims claims, TimeSpan lease, TimeProvider time, string handler, ILogger logger, string key, string token)
    {
        _claims = claims;
        _lease = lease;
        _handler = handler;
        _logger = logger;
        _held.Add(key, token);

        // Created here rather than in the loop: the first tick is due a third of a lease after the
        // claim however late the loop gets to run, and ticks missed meanwhile are not lost.
        _timer = new PeriodicTimer(lease / 3, time);
        _renewing = RenewAsync();
    }

    /// <summary>Renews the claim on <paramref name="key"/> too (an event's mark), from the next tick until <see cref="LetGo"/>.</summary>
    public void Hold(string key, string token)
    {
        lock (_lock) _held[key] = token;
    }

    /// <summary>Stops renewing the claim on <paramref name="key"/>, before it is completed.</summary>
    public void LetGo(string key)
    {
        lock (_lock) _held.Remove(key);
    }

    /// <summary>
    /// The claims held are being completed, and still renewed meanwhile (the store may be away): a
    /// renewal that finds one no longer this attempt's is the completion landing, not a loss.
    /// </summary>
    public void Finishing() => _finishing = true;

    /// <summary>Stops renewing, once handling has ended, and waits for a renewal under way.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _timer.Dispose();

        // Store failures are logged as they happen (DeliveryClaims); nothing from here reaches the request.
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                KeyValuePair<string, string>[] held;
                lock (_lock) held = [.. _held];
                foreach (var (key, token) in held)
                {
                    if (_stop.IsCancellationRequested) return;

                    // Null: the store could not be reached (logged); the next tick tries again.
                    if (await _claims.RenewAsync(key, token, _stop.Token).ConfigureAwait(false) == false && Lost(key, token) && !_finishing)
                    {
                        WebhookLog.ClaimLost(_logger, _handler, _lease);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Handling ended.
        }
    }

    /// <summary>
    /// Stops renewing a claim found lost; false when it was let go meanwhile (completed as its
    /// renewal ran), which is no loss.
    /// </summary>
    private bool Lost(string key, string token)
    {
        lock (_lock) return _held.TryGetValue(key, out var held) && held == token && _held.Remove(key);
    }
}
