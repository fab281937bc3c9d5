using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// Measures the one-at-a-time scenarios (the .NET floor, Zask.Zmtp, Zask, gRPC) paired: all their servers run at once
/// and the scenarios take turns in short slices, the order rotating from slice to slice, so that each one's figures
/// come from the same seconds of the machine as the others'. One after the other, a minute apart, the floor's round
/// trip alone moved by half (the scheduler placing the two processes on one processor or on two), and a ratio then
/// compared a fast floor with a slow Zask, or the reverse.
/// </summary>
internal static class PairedSequential
{
    /// <summary>The length a slice aims at; the measured seconds are cut into whole slices of about this.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(500);

    // Calls made before each slice and thrown away: the two processes waking from the other scenarios' turns.
    private static readonly TimeSpan LeadIn = TimeSpan.FromMilliseconds(50);

    /// <summary>Warms every probe up, then measures them in turns; returns their results in the probes' order.</summary>
    public static async Task<ScenarioResult[]> RunAsync(IReadOnlyList<(ISequentialProbe Probe, int ServerProcessId)> probes, BenchSettings settings)
    {
        foreach (var (probe, server) in probes)
        {
            CpuMeter.ServerProcessId = server;
            await probe.RunAsync(settings.Warmup);
        }
        var slices = Math.Max(1, (int)Math.Round(settings.Measure / Slice));
        var slice = settings.Measure / slices;
        var tallies = probes.Select(_ => new MeasuredTally()).ToArray();
        for (var s = 0; s < slices; s++)
        {
            for (var j = 0; j < probes.Count; j++)
            {
                var i = (s + j) % probes.Count;
                var (probe, server) = probes[i];
                CpuMeter.ServerProcessId = server;
                await probe.RunAsync(LeadIn);
                var before = CpuMeter.Take();
                var (samples, seconds) = await probe.RunAsync(slice);
                tallies[i].Add([samples], seconds, before, CpuMeter.Take());
            }
        }
        CpuMeter.ServerProcessId = null;
        return [.. probes.Select((p, i) => tallies[i].ToResult(p.Probe.Key, p.Probe.Description + $", paired: {slices} slices of {slice.TotalSeconds:0.###} s"))];
    }
}
