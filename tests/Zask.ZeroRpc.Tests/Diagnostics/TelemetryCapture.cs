using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Zask.Zmtp;
using Zask.ZeroRpc.Diagnostics;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>
/// Listens to the ZeroRPC spans and to the ZeroRPC and transport metrics in-process, as an OpenTelemetry SDK would,
/// and keeps what concerns one service (other tests' calls in the same process are ignored).
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture(string service, bool sampleClientSpans = true)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZeroRpcDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Kind == ActivityKind.Client && !sampleClientSpans ? ActivitySamplingResult.None : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("rpc.service") as string == service)
                {
                    Spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is ZeroRpcDiagnostics.MeterName or ZmtpDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags, service));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags, service));
        _meters.Start();
    }

    /// <summary>The spans of the service, as they stopped.</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Measurements: the service's call metrics, and every transport measurement (they carry no service).</summary>
    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>Reads the observable instruments now (calls in flight), as a reader's collection would.</summary>
    public void Observe() => _meters.RecordObservableInstruments();

    /// <summary>The value of the last reading of <paramref name="instrument"/> with these tags, or <c>null</c>.</summary>
    public double? Last(string instrument, params (string Key, string Value)[] tags) =>
        Measurements.LastOrDefault(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) as string == t.Value))?.Value;

    public Activity[] SpansOf(ActivityKind kind) => Spans.Where(span => span.Kind == kind).ToArray();

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) as string == t.Value))
            .Sum(m => m.Value);

    public int Count(string instrument, params (string Key, string Value)[] tags) =>
        Measurements.Count(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) as string == t.Value));

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string service)
        where T : struct
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }
        if (instrument.Meter.Name == ZmtpDiagnostics.MeterName || map.GetValueOrDefault("rpc.service") as string == service)
        {
            Measurements.Enqueue(new Measurement(instrument.Name, Convert.ToDouble(value), map));
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    public sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
