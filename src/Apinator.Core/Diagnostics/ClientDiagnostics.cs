using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Apinator.Diagnostics;

/// <summary>
/// Spans and metrics of the REST client, after the OpenTelemetry HTTP client conventions: one span per
/// call named <c>{method} {url.template}</c> (the route template, never the path: paths hold channel
/// names and user ids), its duration, and the events published.
/// </summary>
internal static class ClientDiagnostics
{
    private static readonly ActivitySource Source = ApinatorTelemetry.ActivitySource;
    private static readonly Histogram<double> Duration = ApinatorTelemetry.Meter.CreateHistogram<double>("apinator.client.request.duration", "s", "Duration of REST calls to the realtime service.");
    private static readonly Counter<long> Published = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.client.events.published", "{event}", "Events the realtime service accepted (one per channel and batch item).");
    private static readonly Counter<long> PublishFailures = ApinatorTelemetry.Meter.CreateCounter<long>("apinator.client.publish.failures", "{call}", "Trigger and batch calls that failed, by error type.");

    /// <summary>Whether anyone records call durations.</summary>
    public static bool DurationListened => Duration.Enabled;

    /// <summary>Starts the call's span when anyone listens; null otherwise.</summary>
    public static Activity? StartCall(string method, string path, string protocol, Uri server)
    {
        if (!Source.HasListeners()) return null;
        var route = Route(path);
        var activity = Source.StartActivity($"{method} {route}", ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag("http.request.method", method);
        activity.SetTag("url.template", route);
        activity.SetTag("server.address", server.Host);
        activity.SetTag("server.port", server.Port);
        activity.SetTag("apinator.protocol", protocol);
        return activity;
    }

    /// <summary>Ends the span and records the duration.</summary>
    public static void EndCall(Activity? activity, string method, string path, string protocol, int status, Exception? failure, long startedTimestamp)
    {
        var errorType = failure is null ? null : ErrorType(failure);
        if (activity is not null)
        {
            if (status > 0) activity.SetTag("http.response.status_code", status);
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, failure!.GetType().Name);
            }

            activity.Dispose();
        }

        // Zero: nobody listened when the call started, so there is no start to measure from.
        if (!Duration.Enabled || startedTimestamp == 0) return;
        var tags = new TagList
        {
            { "http.request.method", method },
            { "url.template", activity?.GetTagItem("url.template") as string ?? Route(path) },
            { "apinator.protocol", protocol },
        };
        if (status > 0) tags.Add("http.response.status_code", status);
        if (errorType is not null) tags.Add("error.type", errorType);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>Counts events the service accepted.</summary>
    public static void EventsPublished(int events, string protocol)
    {
        if (Published.Enabled) Published.Add(events, new KeyValuePair<string, object?>("apinator.protocol", protocol));
    }

    /// <summary>Counts a trigger or batch call that failed.</summary>
    public static void PublishFailed(Exception failure, string protocol)
    {
        if (PublishFailures.Enabled)
        {
            PublishFailures.Add(1, new KeyValuePair<string, object?>("error.type", ErrorType(failure)), new KeyValuePair<string, object?>("apinator.protocol", protocol));
        }
    }

    /// <summary>The status code for an error answer, else the exception's type (OpenTelemetry's <c>error.type</c>).</summary>
    public static string ErrorType(Exception failure) =>
        failure is ApinatorException { StatusCode: > 0 } answered ? answered.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : failure.GetType().Name;

    /// <summary>
    /// The path with its variable segments named: <c>/apps/1/channels/presence-a/users</c> becomes
    /// <c>/apps/{app_id}/channels/{channel}/users</c>, so no channel name or user id reaches a tag.
    /// </summary>
    internal static string Route(string path)
    {
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var placeholder = segments[i - 1] switch
            {
                "apps" => "{app_id}",
                "channels" => "{channel}",
                "users" => "{user_id}",
                "messages" => "{serial}",
                "annotations" => "{annotation_serial}",
                _ => null,
            };
            if (placeholder is not null && segments[i].Length > 0) segments[i] = placeholder;
        }

        return string.Join('/', segments);
    }
}
