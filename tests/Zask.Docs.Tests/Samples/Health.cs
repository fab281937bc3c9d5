using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Zask;
using Zask.ZeroRpc;

namespace DocsSamples;

#region docs:health-user-check
public sealed class QueueDepthCheck(Func<int> depth) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = depth();
        return Task.FromResult(waiting < 1000
            ? HealthCheckResult.Healthy($"{waiting} jobs waiting")
            : HealthCheckResult.Degraded($"{waiting} jobs waiting, the workers fall behind"));
    }
}
#endregion

public static class Health
{
    #region docs:health-register
    public static ZaskApp CreateApp(Func<int> queueDepth)
    {
        var app = new ZaskApp("orders");
        var rpc = new ZeroRpcExtension(app);      // adds the "zerorpc" check and _zask_health
        app.Services.AddHealthChecks()
            .AddCheck("queue", new QueueDepthCheck(queueDepth))
            .AddCheck("cache", () => HealthCheckResult.Healthy("warm"));
        return app;
    }
    #endregion
}
