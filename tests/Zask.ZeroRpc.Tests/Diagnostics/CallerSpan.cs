using System.Diagnostics;

namespace Zask.ZeroRpc.Tests.Diagnostics;

/// <summary>The test's own span, sampled, that calls are made or events sent from.</summary>
internal sealed class CallerSpan : IDisposable
{
    private readonly ActivitySource _source = new("zask.tests.caller");
    private readonly ActivityListener _listener;

    public CallerSpan()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == _source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; private set; }

    public ActivitySpanId SpanId { get; private set; }

    /// <summary>Starts the span, current on this flow until disposed.</summary>
    public Activity Start()
    {
        var activity = _source.StartActivity("caller")!;
        (TraceId, SpanId) = (activity.TraceId, activity.SpanId);
        return activity;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }
}
