using System.Collections.Concurrent;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Zask.Telemetry.Tests.Support;

/// <summary>
/// What a test OTLP collector keeps, whatever the transport it takes spans over: every span with the
/// <c>service.name</c> of the process that sent it, the requests of any signal, and the ones it could not decode.
/// </summary>
public abstract class OtlpCollector : IDisposable
{
    private int _requests;

    /// <summary>The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it.</summary>
    public abstract string Endpoint { get; }

    /// <summary>The spans received, each with the service that exported it.</summary>
    public ConcurrentQueue<(string Service, Span Span)> Spans { get; } = new();

    /// <summary>Requests received, of any signal.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests that could not be decoded (a test fails on any).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Counts a request as received.</summary>
    protected void Count() => Interlocked.Increment(ref _requests);

    /// <summary>Keeps the spans of an export request.</summary>
    protected void Take(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                Spans.Enqueue((service, span));
            }
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the collector's server.</summary>
    protected abstract void Dispose(bool disposing);
}
