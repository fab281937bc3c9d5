namespace Zask.ZeroRpc.Diagnostics;

/// <summary>
/// The names under which the ZeroRPC server and client report traces and metrics (through
/// <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>, so the
/// protocol library needs no OpenTelemetry SDK), and the header keys that carry W3C trace context between services.
/// </summary>
/// <remarks>
/// Spans and instruments follow the OpenTelemetry RPC semantic conventions: a Server span per call served and a
/// Client span per call made, named <c>service/method</c>, tagged <c>rpc.system</c> = <c>zerorpc</c>,
/// <c>rpc.service</c>, <c>rpc.method</c>, <c>server.address</c>, <c>server.port</c> and, on failure,
/// <c>error.type</c>. Nothing is measured while nobody listens.
/// </remarks>
public static class ZeroRpcDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of server and client spans.</summary>
    public const string ActivitySourceName = "Zask.ZeroRpc";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the call metrics.</summary>
    public const string MeterName = "Zask.ZeroRpc";

    /// <summary>The event header key of the W3C <c>traceparent</c> sent with a request.</summary>
    public const string TraceParentKey = "traceparent";

    /// <summary>The event header key of the W3C <c>tracestate</c> sent with a request, when there is one.</summary>
    public const string TraceStateKey = "tracestate";

    /// <summary>The value of <c>rpc.system</c>.</summary>
    public const string RpcSystem = "zerorpc";

    /// <summary>The span attribute that holds the request chain's <c>call_id</c>.</summary>
    public const string CallIdAttribute = "zask.call_id";

    /// <summary>The span attribute that holds the number of items a stream sent or received.</summary>
    public const string StreamItemsAttribute = "zask.stream.items";
}
