using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Zask.Bench.Infrastructure;

/// <summary>
/// Tracing and metrics on, as a service exporting them would have them: every call sampled (Zask's server and client
/// spans), every Zask meter read each second, spans handed to a batch exporter. The exporter counts what it gets and
/// drops it, so the figure is the cost of the instrumentation and the SDK's pipeline in the process, not of a
/// collector's network link.
/// </summary>
internal sealed class BenchTelemetry : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;
    private readonly Counting<Activity> _spans = new();

    private BenchTelemetry()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Zask.*")
            .SetSampler(new AlwaysOnSampler())
            // A queue deep enough for every span of a 32-in-flight run between two exports, none dropped, exported
            // in the SDK's default batches of 512: a batch leaves when it is full, so spans die young, as a
            // service's would (batches of thousands kept every span alive through a collection or two).
            .AddProcessor(new BatchActivityExportProcessor(_spans, maxQueueSize: 1 << 17, scheduledDelayMilliseconds: 200,
                maxExportBatchSize: 512))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Zask.*")
            .AddReader(new PeriodicExportingMetricReader(new Counting<Metric>(), exportIntervalMilliseconds: 1000))
            .Build();
    }

    /// <summary>Spans exported so far.</summary>
    public long ExportedSpans => _spans.Exported;

    public static BenchTelemetry Start() => new();

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }

    /// <summary>An exporter that counts and drops.</summary>
    private sealed class Counting<T> : BaseExporter<T>
        where T : class
    {
        private long _exported;

        public long Exported => Interlocked.Read(ref _exported);

        public override ExportResult Export(in Batch<T> batch)
        {
            Interlocked.Add(ref _exported, batch.Count);
            return ExportResult.Success;
        }
    }
}
