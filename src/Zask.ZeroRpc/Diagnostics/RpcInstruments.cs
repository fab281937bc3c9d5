using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>The process's one <see cref="ActivitySource"/> and <see cref="Meter"/> for ZeroRPC calls, and their instruments.</summary>
internal static class RpcInstruments
{
    private static readonly string? Version = typeof(RpcInstruments).Assembly.GetName().Version?.ToString();

    // Seconds, from 100 µs (a loopback call) to 10 s: the SDK's default boundaries are made for milliseconds.
    private static readonly IReadOnlyList<double> DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly ActivitySource Source = new(ZeroRpcDiagnostics.ActivitySourceName, Version);

    public static readonly Meter Meter = new(ZeroRpcDiagnostics.MeterName, Version);

    public static readonly Histogram<double> ServerDuration = Meter.CreateHistogram(
        "rpc.server.call.duration", "s", "Duration of the calls served, until their last event was sent.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Histogram<double> ClientDuration = Meter.CreateHistogram(
        "rpc.client.call.duration", "s", "Duration of the calls made, until their last reply arrived.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly ObservableUpDownCounter<long> ServerActive = Meter.CreateObservableUpDownCounter(
        "zask.rpc.server.active_calls", static () => MethodTelemetry.ActiveCalls(server: true), "{call}", "Calls being served now.");

    public static readonly ObservableUpDownCounter<long> ClientActive = Meter.CreateObservableUpDownCounter(
        "zask.rpc.client.active_calls", static () => MethodTelemetry.ActiveCalls(server: false), "{call}", "Calls waiting for their reply now.");

    public static readonly Counter<long> ServerStreamItems = Meter.CreateCounter<long>(
        "zask.rpc.server.stream.items", "{item}", "Items sent by the streams served.");

    public static readonly Counter<long> ClientStreamItems = Meter.CreateCounter<long>(
        "zask.rpc.client.stream.items", "{item}", "Items received from the streams called.");

    public static readonly Counter<long> RemoteErrors = Meter.CreateCounter<long>(
        "zask.rpc.client.remote_errors", "{error}", "Errors the servers called answered with, by name (error.type).");

    public static readonly Counter<long> LostRemotes = Meter.CreateCounter<long>(
        "zask.rpc.lost_remotes", "{channel}", "Calls whose peer stopped answering heartbeats.");

    /// <summary>
    /// Counts a channel whose peer stopped answering heartbeats, by the side that lost it and, when known, the method
    /// called (so an operator sees which service went silent). The caller checks <see cref="LostRemotes"/> is enabled
    /// first, so that the method is looked up only when the count is heard.
    /// </summary>
    public static void CountLostRemote(bool serverSide, MethodTelemetry? method)
    {
        var tags = new TagList { { "zask.side", serverSide ? "server" : "client" } };
        if (method is not null)
        {
            foreach (var tag in method.Tags)
            {
                tags.Add(tag);
            }
        }
        LostRemotes.Add(1, tags);
    }

    /// <summary>Records a measurement of a call of <paramref name="method"/>, with its error's type if it failed.</summary>
    public static void Record(Histogram<double> histogram, double value, MethodTelemetry method, string? errorType)
    {
        if (errorType is null)
        {
            histogram.Record(value, method.Tags);
        }
        else
        {
            histogram.Record(value, method.TagsWithError(errorType));
        }
    }

    /// <summary>Tags a sampled span with the attributes every call span carries.</summary>
    public static void TagSpan(Activity activity, MethodTelemetry method, EndpointAddress? endpoint)
    {
        activity.SetTag("rpc.system", ZeroRpcDiagnostics.RpcSystem);
        if (method.Service is not null)
        {
            activity.SetTag("rpc.service", method.Service);
        }
        activity.SetTag("rpc.method", method.Method);
        TagEndpoint(activity, endpoint);
    }

    /// <summary>
    /// Tags a sampled span that has no endpoint yet with <c>server.address</c> and <c>server.port</c> (added, not
    /// set: a set would first look for the key among the span's tags).
    /// </summary>
    public static void TagEndpoint(Activity activity, EndpointAddress? endpoint)
    {
        if (endpoint is null || !activity.IsAllDataRequested)
        {
            return;
        }
        activity.AddTag("server.address", endpoint.Address);
        if (endpoint.BoxedPort is { } port)
        {
            activity.AddTag("server.port", port);
        }
    }

    /// <summary>
    /// Ends a span: its stream item count, its error (status and <c>error.type</c>), then its stop, after
    /// <paramref name="elapsed"/> (the call's duration as its metric has it) from its start.
    /// </summary>
    public static void EndSpan(Activity activity, TimeSpan elapsed, long streamItems, bool isStream, string? errorType, string? errorMessage)
    {
        if (activity.IsAllDataRequested)
        {
            if (isStream)
            {
                activity.SetTag(ZeroRpcDiagnostics.StreamItemsAttribute, streamItems);
            }
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorMessage);
            }
        }
        activity.SetEndTime(activity.StartTimeUtc + elapsed);
        activity.Stop();
    }
}
