using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Zask.ZeroRpc.Extension;

/// <summary>The shape a health report takes on the wire and in <c>/healthz</c>'s JSON body.</summary>
public static class HealthReports
{
    /// <summary>
    /// The report as plain values: <c>status</c> (<c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>),
    /// <c>duration_ms</c>, and <c>checks</c>, a list of maps with each check's <c>name</c>, <c>status</c>,
    /// <c>description</c>, <c>duration_ms</c> and, when it threw, <c>error</c>.
    /// </summary>
    /// <param name="report">The report of <see cref="HealthCheckService.CheckHealthAsync(CancellationToken)"/>.</param>
    /// <returns>The map.</returns>
    public static Dictionary<string, object?> ToMap(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
        {
            var check = new Dictionary<string, object?>
            {
                ["name"] = e.Key,
                ["status"] = e.Value.Status.ToString(),
                ["description"] = e.Value.Description,
                ["duration_ms"] = Math.Round(e.Value.Duration.TotalMilliseconds, 3),
            };
            if (e.Value.Exception is { } error)
            {
                check["error"] = $"{error.GetType().Name}: {error.Message}";
            }
            return check;
        }).ToList<object?>();
        return new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["duration_ms"] = Math.Round(report.TotalDuration.TotalMilliseconds, 3),
            ["checks"] = checks,
        };
    }
}
