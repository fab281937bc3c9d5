using Zask.Bench.Scenarios;

namespace Zask.Bench.Reporting;

/// <summary>
/// A ceiling on the CPU client and server spend together per call in one scenario, set against a reference run.
/// </summary>
/// <param name="Scenario">The scenario's key.</param>
/// <param name="ReferenceMicros">Client plus server CPU per call in the reference run.</param>
/// <param name="Fraction">The share of the reference the target allows.</param>
/// <param name="Reference">Which run the reference comes from.</param>
internal sealed record CpuTarget(string Scenario, double ReferenceMicros, double Fraction, string Reference)
{
    public double MaxMicros => ReferenceMicros * Fraction;

    /// <summary>
    /// Issue 18: at 32 in flight, half of what Zask spent before it (13.5 µs client + 10.3 µs server per call in the
    /// issue-7 run of 2026-11-29, Zask on NetMQ). Only meaningful at the default in-flight level.
    /// </summary>
    public static IReadOnlyList<CpuTarget> For(int inFlight) =>
        inFlight == 32 ? [new("zask_32", 23.8, 0.5, "2026-11-29, Zask on NetMQ")] : [];

    /// <summary>Both sides' CPU per call in <paramref name="result"/>; null when it did not run or was not measured.</summary>
    public static double? Measured(ScenarioResult? result) =>
        result is { Error: null } r && !double.IsNaN(r.ClientCpuMicros) && !double.IsNaN(r.ServerCpuMicros)
            ? r.ClientCpuMicros + r.ServerCpuMicros
            : null;
}
