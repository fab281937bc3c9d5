using Microsoft.Extensions.Diagnostics.HealthChecks;
using Zask.ZeroRpc.Server;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// The built-in <c>zerorpc</c> check: every server the app runs listens on its endpoints and takes calls. A server
/// that is not bound, or is stopping, makes the app unhealthy (an orchestrator then stops sending it traffic).
/// </summary>
internal sealed class ZeroRpcServersHealthCheck(IReadOnlyCollection<ZeroRpcServer> servers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ZeroRpcServer[] snapshot;
        lock (servers)
        {
            snapshot = servers.ToArray();
        }
        var down = snapshot.Where(s => !s.IsServing).ToArray();
        var described = string.Join("; ", snapshot.Select(s => s.IsServing
            ? $"{s.Name} bound to {string.Join(", ", s.Endpoints)}"
            : $"{s.Name} {(s.IsStopping ? "is stopping" : "is not bound")}"));
        return Task.FromResult(snapshot.Length == 0 ? HealthCheckResult.Healthy("no server")
            : down.Length == 0 ? HealthCheckResult.Healthy(described)
            : HealthCheckResult.Unhealthy(described));
    }
}
