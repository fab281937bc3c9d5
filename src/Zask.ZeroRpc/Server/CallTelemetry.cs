using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>Starts the telemetry of a call served, from what the server knows of it.</summary>
internal static class CallTelemetry
{
    /// <summary>Starts the Server span (continuing the caller's trace context) and counts the call in flight.</summary>
    public static RpcCallScope Start(ZeroRpcServer server, ServedMethod? served, Event request)
    {
        var spanName = served is null ? $"{server.Name}/{request.Name}" : served.SpanName ??= $"{server.Name}/{request.Name}";
        var header = request.Header;
        return ServerTelemetry.Start(server.Name, request.Name, spanName,
            header.GetContextString(ZeroRpcDiagnostics.TraceParentKey),
            header.GetContextString(ZeroRpcDiagnostics.TraceStateKey), server.TelemetryEndpoint);
    }
}
