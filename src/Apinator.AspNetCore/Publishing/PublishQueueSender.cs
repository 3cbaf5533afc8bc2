using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apinator.AspNetCore.Publishing;

/// <summary>
/// The background sender: one loop per lane, each sending one batch at a time (so a channel's events
/// stay in order, its lane holding back behind a retried batch) while the lanes send side by side. On a
/// graceful stop the queue is closed and drained within the host's shutdown timeout; what is left when
/// it runs out is given up and reported, never dropped silently.
/// </summary>
internal sealed class PublishQueueSender : IHostedService, IDisposable
{
    private readonly IPublishQueueStore _store;
    private readonly PublishQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly BatchDelivery _delivery;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _lanes = [];

    public PublishQueueSender(IApinator apinator, IPublishQueueStore store, PublishQueueOptions options, int maxBatchSize, TimeProvider time, ILogger<PublishQueueSender> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _maxBatch = maxBatchSize;
        _delivery = new BatchDelivery(apinator, store, options, time, logger);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        QueueDiagnostics.Started(_store, _time);
        _lanes = new Task[_store.Lanes];
        for (var i = 0; i < _lanes.Length; i++)
        {
            var lane = i;
            _lanes[i] = Task.Run(() => RunLaneAsync(lane, _stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _store.Close();
        var lanes = Task.WhenAll(_lanes);
        try
        {
            await lanes.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop sending; each lane reports what it still holds.
            await _stopping.CancelAsync().ConfigureAwait(false);
            await lanes.ConfigureAwait(false);
        }
        finally
        {
            QueueDiagnostics.Stopped(_store);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunLaneAsync(int lane, CancellationToken stopping)
    {
        var batch = new List<QueuedEvent>(_maxBatch);
        try
        {
            while (await _store.WaitToTakeAsync(lane, stopping).ConfigureAwait(false))
            {
                await _store.TakeAsync(lane, batch, _maxBatch, stopping).ConfigureAwait(false);
                if (batch.Count < _maxBatch && _options.Linger > TimeSpan.Zero)
                {
                    // A few milliseconds for the batch to fill: fewer, fuller calls under load.
                    await Task.Delay(_options.Linger, _time, stopping).ConfigureAwait(false);
                    await _store.TakeAsync(lane, batch, _maxBatch - batch.Count, stopping).ConfigureAwait(false);
                }

                await _delivery.SendAsync(lane, batch, stopping).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown ran out of time; reported below.
        }

        // Whatever this lane still holds once stopped (the store is closed: nothing more arrives; a durable store gives none).
        await _store.TakeAsync(lane, batch, int.MaxValue, CancellationToken.None).ConfigureAwait(false);
        if (batch.Count > 0) await _delivery.GiveUpAsync(lane, batch, PublishFailureReason.ShutDown, null).ConfigureAwait(false);
    }
}
