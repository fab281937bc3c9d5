using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>What one scenario measured (after its warm-up).</summary>
internal sealed record ScenarioResult(string Key, string Description)
{
    public long Calls { get; init; }

    public double Seconds { get; init; }

    public double CallsPerSecond => Seconds > 0 ? Calls / Seconds : 0;

    public double P50Micros { get; init; } = double.NaN;

    public double P99Micros { get; init; } = double.NaN;

    /// <summary>CPU time the client process used per call (per item for a stream), in µs.</summary>
    public double ClientCpuMicros { get; init; } = double.NaN;

    /// <summary>CPU time the server process used per call (per item for a stream), in µs.</summary>
    public double ServerCpuMicros { get; init; } = double.NaN;

    /// <summary>
    /// The processors client and server kept busy together: the rate times the CPU both spent per call (per item).
    /// Close to the machine's processor count, the scenario is bound by CPU: its rate is then the processors divided
    /// by its CPU per call, and a ratio of two such scenarios is the inverse ratio of their CPU per call.
    /// </summary>
    public double CoresBusy => (ItemsPerSecond ?? CallsPerSecond) * (ClientCpuMicros + ServerCpuMicros) / 1e6;

    /// <summary>
    /// Managed bytes the client process allocated per call while measuring (the harness's latency list included,
    /// a few bytes per call); a per-message allocation on the client side shows here.
    /// </summary>
    public double ClientBytesPerCall { get; init; } = double.NaN;

    /// <summary>Streams only: items received per second.</summary>
    public double? ItemsPerSecond { get; init; }

    /// <summary>Set when the scenario could not run; the other figures are then meaningless.</summary>
    public string? Error { get; init; }

    /// <summary>Thread-pool work items the client process completed per call (the harness's own included).</summary>
    public double ClientWorkItemsPerCall { get; init; } = double.NaN;

    /// <summary>Thread switches in the client process per call (Linux; NaN elsewhere).</summary>
    public double ClientSwitchesPerCall { get; init; } = double.NaN;

    /// <summary>Thread switches in the server process per call (Linux; NaN elsewhere).</summary>
    public double ServerSwitchesPerCall { get; init; } = double.NaN;

    /// <summary>
    /// The figures of a measured phase of calls: <paramref name="samples"/> holds one latency per call, and
    /// <paramref name="cpuBefore"/> was taken when the phase began (the counters are read again now).
    /// </summary>
    public static ScenarioResult Measured(string key, string description, IEnumerable<LatencySamples> samples, double seconds,
        CpuSnapshot cpuBefore)
    {
        var tally = new MeasuredTally();
        tally.Add(samples, seconds, cpuBefore, CpuMeter.Take());
        return tally.ToResult(key, description);
    }
}
