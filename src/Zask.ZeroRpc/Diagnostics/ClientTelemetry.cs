using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>The Client span and metrics of a call made, and the trace context it sends; a few checks when off.</summary>
internal static class ClientTelemetry
{
    /// <summary>
    /// Starts the span of a call (a child of the current span) and counts it in flight. The span becomes
    /// <see cref="Activity.Current"/> on this flow: the client's code for the call (its middlewares, what they log)
    /// runs inside it, and the caller gets its own span back when the call's async method returns. The method's
    /// telemetry is looked up once per method, in the client's <paramref name="methods"/>; the span starts at the
    /// call's <paramref name="startTimestamp"/>.
    /// </summary>
    public static RpcCallScope Start(string? service, string method, ConcurrentDictionary<string, MethodTelemetry> methods,
        long startTimestamp)
    {
        var listened = RpcInstruments.Source.HasListeners();
        var counted = RpcInstruments.ClientActive.Enabled;
        if (!listened && !counted && !RpcInstruments.ClientDuration.Enabled)
        {
            return default;
        }
        var called = Of(service, method, methods);
        if (counted)
        {
            called.CallStarted();
        }
        Activity? activity = null;
        if (listened)
        {
            // Tagged as it is made, from the method's own array: samplers see the tags, and no tag is looked up.
            activity = RpcInstruments.Source.StartActivity(called.SpanName, ActivityKind.Client, default(ActivityContext), called.SpanTags(null),
                startTime: SpanClock.UtcAt(startTimestamp));
        }
        return new RpcCallScope(called, activity, counted);
    }

    /// <summary>
    /// Puts the trace context of the call's span into <paramref name="header"/>; when nobody samples ZeroRPC spans,
    /// the context of the current span, so that the callee still continues the caller's trace.
    /// </summary>
    public static IReadOnlyDictionary<string, object?>? Propagate(RpcCallScope scope, Dictionary<string, object?>? header) =>
        Propagate(scope.Activity, header);

    /// <summary>
    /// Starts the Producer span of a pushed or published event (a child of the current span), or returns
    /// <c>null</c> when nobody samples it. The caller stops it once the event is queued, which makes the caller's
    /// span current again. <paramref name="endpoint"/> is the sender's first endpoint, or <c>null</c> before it has one.
    /// </summary>
    public static Activity? StartOneWay(string? service, string method, ConcurrentDictionary<string, MethodTelemetry> methods,
        EndpointAddress? endpoint)
    {
        if (!RpcInstruments.Source.HasListeners())
        {
            return null;
        }
        var sent = Of(service, method, methods);
        var activity = RpcInstruments.Source.StartActivity(sent.SpanName, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            RpcInstruments.TagSpan(activity, sent, endpoint);
        }
        return activity;
    }

    /// <summary>
    /// The header to send: <paramref name="header"/> (the middlewares' task context, or <c>null</c>) with the trace
    /// context of <paramref name="span"/> (else of the current span) added. Without middlewares' keys, a compact
    /// header of the trace context alone.
    /// </summary>
    public static IReadOnlyDictionary<string, object?>? Propagate(Activity? span, Dictionary<string, object?>? header)
    {
        if ((span ?? Activity.Current) is not { } propagated)
        {
            return header;
        }
        var state = propagated.TraceStateString is { Length: > 0 } text ? text : null;
        if (header is null)
        {
            return TraceContextHeader.Of(propagated, state);
        }
        header[ZeroRpcDiagnostics.TraceParentKey] = propagated.Id;
        if (state is not null)
        {
            header[ZeroRpcDiagnostics.TraceStateKey] = state;
        }
        return header;
    }

    /// <summary>
    /// Ends the call: span status, endpoint and item count, duration, remote errors, in-flight count.
    /// <paramref name="errorType"/> is the remote error's name when <paramref name="remoteError"/>, else the type of
    /// the local failure (a timeout, a lost remote...).
    /// </summary>
    public static void Stop(RpcCallScope scope, EndpointAddress? endpoint, TimeSpan elapsed, string? errorType, string? errorMessage,
        bool remoteError, long streamItems, bool isStream)
    {
        var method = scope.Method!;
        if (scope.CountedActive)
        {
            method.CallEnded();
        }
        if (RpcInstruments.ClientDuration.Enabled)
        {
            RpcInstruments.Record(RpcInstruments.ClientDuration, elapsed.TotalSeconds, method, errorType);
        }
        if (remoteError && RpcInstruments.RemoteErrors.Enabled)
        {
            RpcInstruments.RemoteErrors.Add(1, method.TagsWithError(errorType!));
        }
        if (isStream && streamItems > 0 && RpcInstruments.ClientStreamItems.Enabled)
        {
            RpcInstruments.ClientStreamItems.Add(streamItems, method.Tags);
        }
        if (scope.Activity is { } activity)
        {
            RpcInstruments.TagEndpoint(activity, endpoint);
            RpcInstruments.EndSpan(activity, elapsed, streamItems, isStream, errorType, errorMessage);
        }
    }

    // The client's own table first: one lookup by the method name alone, the shared table only on a first call.
    private static MethodTelemetry Of(string? service, string method, ConcurrentDictionary<string, MethodTelemetry> methods) =>
        methods.GetOrAdd(method, static (called, service) => MethodTelemetry.For(server: false, service, called), service);
}
