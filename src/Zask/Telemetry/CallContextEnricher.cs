using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Zask.Telemetry;

/// <summary>
/// Gives every log line written while a call is served its <c>trace_id</c> and <c>span_id</c> (from the current
/// span) and <c>call_id</c> (from the call being served), as properties and as one <c>CallTrace</c> text that the
/// console and error-log layouts print after the message. Lines written outside a call get nothing.
/// </summary>
internal sealed class CallContextEnricher : ILogEventEnricher
{
    public const string TraceIdProperty = "trace_id";
    public const string SpanIdProperty = "span_id";
    public const string CallIdProperty = "call_id";
    public const string TextProperty = "CallTrace";

    /// <summary>Where the call id of the call being served comes from (the ZeroRPC extension sets it).</summary>
    public Func<string?>? CallId { get; set; }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var activity = Activity.Current;
        var callId = CallId?.Invoke();
        if (activity is null && callId is null)
        {
            return;
        }
        var text = "";
        if (activity is not null)
        {
            var traceId = activity.TraceId.ToHexString();
            var spanId = activity.SpanId.ToHexString();
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(TraceIdProperty, traceId));
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(SpanIdProperty, spanId));
            text = $" trace_id={traceId} span_id={spanId}";
        }
        if (callId is not null)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(CallIdProperty, callId));
            text += $" call_id={callId}";
        }
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(TextProperty, $" [{text[1..]}]"));
    }
}
