using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Extension;

/// <summary>
/// The built-in <c>_zask_health</c> method every server of an app answers: the app's health checks (the transport,
/// each database, the user's own), run on each call. It needs an access key like any method unless the service's
/// entry sets <c>health_public</c>.
/// </summary>
internal sealed class HealthMethods(ZaskApp app)
{
    /// <summary>The method's name.</summary>
    public const string MethodName = "_zask_health";

    [ZeroRpcMethod(MethodName)]
    public async Task<Dictionary<string, object?>> Health(CancellationToken cancellationToken)
    {
        var checks = app.ServiceProvider.GetService<HealthCheckService>();
        var report = checks is null
            ? new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero)
            : await checks.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return HealthReports.ToMap(report);
    }
}
