using System.Globalization;
using Apinator;
using Apinator.AspNetCore.Publishing;
using Apinator.Rest;

namespace AotApp;

/// <summary>
/// The app's own publishing routes: an order's <c>order-shipped</c> event through the publish queue
/// (<see cref="IApinatorPublisher"/>) or at once (<see cref="IApinator.TriggerAsync(string, string, object?, TriggerOptions?, CancellationToken)"/>),
/// with the same channel, data and socket to leave out, so a test can compare what reaches the service.
/// </summary>
public static class PublishEndpoints
{
    /// <summary>The socket every published event leaves out.</summary>
    public const string SocketId = "1234.5678";

    /// <summary>The body of the 503 answered when the queue is full (Throw mode).</summary>
    public const string QueueFull = "queue full";

    private static readonly TriggerOptions Options = new() { SocketId = SocketId };

    public static void MapPublishEndpoints(this WebApplication app)
    {
        app.MapPost("/orders/{id}/shipped/{step:int}", async (string id, int step, IApinatorPublisher publisher, CancellationToken cancellationToken) =>
        {
            try
            {
                await publisher.EnqueueAsync(Channel(id), "order-shipped", Event(id, step), Options, cancellationToken);
                return Results.Accepted();
            }
            catch (ApinatorQueueFullException)
            {
                // What an app does with a full queue in Throw mode: tell its caller to come back.
                return Results.Text(QueueFull, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        // Data of a type the app's context lacks: refused at enqueue, as a trigger refuses it. The
        // message (which names the type to add) is answered only because this app is a test's.
        app.MapPost("/orders/{id}/unlisted", async (string id, IApinatorPublisher publisher, CancellationToken cancellationToken) =>
        {
            try
            {
                await publisher.EnqueueAsync(Channel(id), "order-shipped", new NotInContext(id), Options, cancellationToken);
                return Results.Accepted();
            }
            catch (ApinatorConfigurationException e)
            {
                return Results.Text(e.Message, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        app.MapPost("/orders/{id}/shipped-now/{step:int}", async (string id, int step, IApinator apinator, CancellationToken cancellationToken) =>
        {
            await apinator.TriggerAsync(Channel(id), "order-shipped", Event(id, step), Options, cancellationToken);
            return Results.Ok();
        });

        // Test-only: wait until the queue has sent (or given up) everything it accepted.
        app.MapPost("/test/queue/flush", async (IApinatorPublisher publisher, CancellationToken cancellationToken) =>
        {
            await publisher.FlushAsync(cancellationToken);
            return publisher.Count.ToString(CultureInfo.InvariantCulture);
        });
    }

    private static string Channel(string id) => "private-orders-" + id;

    private static OrderShipped Event(string id, int step) => new(id, step, 12.5m + step);
}
