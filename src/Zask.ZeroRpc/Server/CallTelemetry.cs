using System.Diagnostics;
using Zask.ZeroRpc.Diagnostics;
using Zask.ZeroRpc.Middleware;
using Zask.ZeroRpc.Wire;

namespace Zask.ZeroRpc.Server;

/// <summary>Starts the telemetry of a call served, from what the server knows of it.</summary>
internal static class CallTelemetry
{
    /// <summary>
    /// Starts the Server span (continuing the caller's trace context) and counts the call in flight; a Consumer span
    /// for a pushed or published event (<paramref name="kind"/>), from the call's start.
    /// </summary>
    public static RpcCallScope Start(ZeroRpcServer server, ServedMethod? served, ServerCallContext call, ActivityKind kind = ActivityKind.Server) =>
        ServerTelemetry.Start(MethodOf(server, served, call.Request), call.Request.Header.Context, server.TelemetryEndpoint,
            call.StartTimestamp, kind);

    /// <summary>The telemetry of the method <paramref name="request"/> calls (made once per method served).</summary>
    public static MethodTelemetry MethodOf(ZeroRpcServer server, ServedMethod? served, Event request) =>
        served is null
            ? MethodTelemetry.Unknown(server.Name, request.Name)
            : served.Telemetry ??= MethodTelemetry.For(server: true, server.Name, request.Name);
}
