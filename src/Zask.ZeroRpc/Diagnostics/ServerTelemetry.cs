using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>The Server span and metrics of a call served; costs a few checks when nobody listens.</summary>
internal static class ServerTelemetry
{
    /// <summary><c>true</c> while something listens to server spans or server call metrics.</summary>
    public static bool IsObserved =>
        RpcInstruments.Source.HasListeners() || RpcInstruments.ServerDuration.Enabled || RpcInstruments.ServerActive.Enabled;

    /// <summary>
    /// Starts the span of a call, continuing the caller's trace from the W3C context in the request's header
    /// (<paramref name="requestContext"/>; a new trace without a valid one), and counts it in flight. The span
    /// becomes <see cref="Activity.Current"/> on this async flow.
    /// <paramref name="kind"/> is <see cref="ActivityKind.Server"/> for a call, <see cref="ActivityKind.Consumer"/> for
    /// a pushed or published event (which nobody answers). The span starts at the call's <paramref name="startTimestamp"/>.
    /// </summary>
    public static RpcCallScope Start(MethodTelemetry method, IReadOnlyDictionary<string, object?> requestContext, EndpointAddress? endpoint,
        long startTimestamp, ActivityKind kind = ActivityKind.Server)
    {
        var counted = RpcInstruments.ServerActive.Enabled;
        if (counted)
        {
            method.CallStarted();
        }
        if (!RpcInstruments.Source.HasListeners())
        {
            return new RpcCallScope(method, null, counted);
        }
        if (!TraceContextHeader.TryGetRemoteParent(requestContext, out var parent))
        {
            // A caller that sent no (or no valid) context starts a trace: whatever span is current on the thread
            // that read the request is no parent of this call.
            parent = default;
            Activity.Current = null;
        }
        var activity = RpcInstruments.Source.StartActivity(method.SpanName, kind, parent, method.SpanTags(endpoint),
            startTime: SpanClock.UtcAt(startTimestamp));
        return new RpcCallScope(method, activity, counted);
    }

    /// <summary>Ends the call: the span's status and item count, the duration, the in-flight count, the items.</summary>
    public static void Stop(RpcCallScope scope, TimeSpan elapsed, string? errorType, string? errorMessage, long streamItems, bool isStream)
    {
        var method = scope.Method!;
        if (scope.CountedActive)
        {
            method.CallEnded();
        }
        if (RpcInstruments.ServerDuration.Enabled)
        {
            RpcInstruments.Record(RpcInstruments.ServerDuration, elapsed.TotalSeconds, method, errorType);
        }
        if (isStream && streamItems > 0 && RpcInstruments.ServerStreamItems.Enabled)
        {
            RpcInstruments.ServerStreamItems.Add(streamItems, method.Tags);
        }
        if (scope.Activity is { } activity)
        {
            RpcInstruments.EndSpan(activity, elapsed, streamItems, isStream, errorType, errorMessage);
        }
    }
}
