using System.Collections.Concurrent;
using System.Diagnostics;

namespace Zask.ZeroRpc.Diagnostics;

/// <summary>The Client span and metrics of a call made, and the trace context it sends; a few checks when off.</summary>
internal static class ClientTelemetry
{
    /// <summary>
    /// Starts the span of a call (a child of the current span) and counts it in flight. The span becomes
    /// <see cref="Activity.Current"/> on this flow: the client's code for the call (its middlewares, what they log)
    /// runs inside it, and the caller gets its own span back when the call's async method returns. Span names
    /// (<c>service/method</c>) are made once per method, in the client's <paramref name="spanNames"/>.
    /// </summary>
    public static RpcCallScope Start(string? service, string method, ConcurrentDictionary<string, string> spanNames)
    {
        var counted = RpcInstruments.ClientActive.Enabled;
        if (counted)
        {
            RpcInstruments.ClientActive.Add(1, RpcInstruments.CallTags(service, method, null));
        }
        Activity? activity = null;
        if (RpcInstruments.Source.HasListeners())
        {
            var name = spanNames.GetOrAdd(method, static (called, service) => service is null ? called : $"{service}/{called}", service);
            activity = RpcInstruments.Source.StartActivity(name, ActivityKind.Client);
            if (activity is { IsAllDataRequested: true })
            {
                RpcInstruments.TagSpan(activity, service, method, null);
            }
        }
        return new RpcCallScope(activity, counted);
    }

    /// <summary>
    /// Puts the trace context of the call's span into <paramref name="header"/>; when nobody samples ZeroRPC spans,
    /// the context of the current span, so that the callee still continues the caller's trace.
    /// </summary>
    public static void Propagate(RpcCallScope scope, ref Dictionary<string, object?>? header) => Propagate(scope.Activity, ref header);

    /// <summary>
    /// Starts the Producer span of a pushed or published event (a child of the current span), or returns
    /// <c>null</c> when nobody samples it. The caller stops it once the event is queued, which makes the caller's
    /// span current again.
    /// </summary>
    public static Activity? StartOneWay(string? service, string method, ConcurrentDictionary<string, string> spanNames)
    {
        if (!RpcInstruments.Source.HasListeners())
        {
            return null;
        }
        var name = spanNames.GetOrAdd(method, static (sent, service) => service is null ? sent : $"{service}/{sent}", service);
        var activity = RpcInstruments.Source.StartActivity(name, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            RpcInstruments.TagSpan(activity, service, method, null);
        }
        return activity;
    }

    /// <summary>
    /// Puts the trace context of <paramref name="span"/> (else of the current span) into <paramref name="header"/>.
    /// </summary>
    public static void Propagate(Activity? span, ref Dictionary<string, object?>? header)
    {
        if ((span ?? Activity.Current) is not { } propagated)
        {
            return;
        }
        header ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        header[ZeroRpcDiagnostics.TraceParentKey] = propagated.Id;
        if (propagated.TraceStateString is { Length: > 0 } state)
        {
            header[ZeroRpcDiagnostics.TraceStateKey] = state;
        }
    }

    /// <summary>
    /// Ends the call: span status, endpoint and item count, duration, remote errors, in-flight count.
    /// <paramref name="errorType"/> is the remote error's name when <paramref name="remoteError"/>, else the type of
    /// the local failure (a timeout, a lost remote...).
    /// </summary>
    public static void Stop(RpcCallScope scope, string? service, string method, EndpointAddress? endpoint, TimeSpan elapsed,
        string? errorType, string? errorMessage, bool remoteError, long streamItems, bool isStream)
    {
        if (scope.CountedActive)
        {
            RpcInstruments.ClientActive.Add(-1, RpcInstruments.CallTags(service, method, null));
        }
        if (RpcInstruments.ClientDuration.Enabled)
        {
            RpcInstruments.ClientDuration.Record(elapsed.TotalSeconds, RpcInstruments.CallTags(service, method, errorType));
        }
        if (remoteError && RpcInstruments.RemoteErrors.Enabled)
        {
            RpcInstruments.RemoteErrors.Add(1, RpcInstruments.CallTags(service, method, errorType));
        }
        if (isStream && streamItems > 0 && RpcInstruments.ClientStreamItems.Enabled)
        {
            RpcInstruments.ClientStreamItems.Add(streamItems, RpcInstruments.CallTags(service, method, null));
        }
        if (scope.Activity is { } activity)
        {
            RpcInstruments.TagEndpoint(activity, endpoint);
            RpcInstruments.EndSpan(activity, streamItems, isStream, errorType, errorMessage);
        }
    }
}
