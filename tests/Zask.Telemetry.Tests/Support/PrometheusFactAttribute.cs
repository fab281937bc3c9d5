namespace Zask.Telemetry.Tests.Support;

/// <summary>A test that needs a Prometheus server binary: skipped without one, failed instead in CI.</summary>
public sealed class PrometheusFactAttribute : RequirementFactAttribute
{
    /// <summary>The server's binary: ZASK_TEST_PROMETHEUS (set by .ci/start-prometheus.sh), else the one on the PATH.</summary>
    public static Requirement Prometheus { get; } = new(
        "Prometheus",
        () => Binary is null ? "ZASK_TEST_PROMETHEUS unset and no prometheus on the PATH" : null,
        "run ./test.sh, or apt-get install prometheus (or source .ci/start-prometheus.sh) first");

    public PrometheusFactAttribute()
        : base(Prometheus)
    {
    }

    public static string? Binary =>
        Environment.GetEnvironmentVariable("ZASK_TEST_PROMETHEUS") is { Length: > 0 } set ? set
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "prometheus")).FirstOrDefault(File.Exists);
}
