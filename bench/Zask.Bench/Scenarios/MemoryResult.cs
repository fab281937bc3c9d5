namespace Zask.Bench.Scenarios;

/// <summary>The memory-flatness check: the server's memory before and after many calls.</summary>
internal sealed record MemoryResult(long Calls, double Seconds, MemorySample Before, MemorySample After,
    MemorySample BeforeAfterGc, MemorySample AfterAfterGc, IReadOnlyList<MemorySample> Trace)
{
    public double WorkingSetGrowthPercent => Growth(Before.WorkingSetBytes, After.WorkingSetBytes);

    /// <summary>
    /// What the server's I/O thread allocated per <c>hello_inline</c> call, which runs wholly there: the whole server
    /// hot path (NetMQ's own receive buffers are allocated on its internal thread and are not in this figure).
    /// </summary>
    public double IoThreadBytesPerCall { get; init; } = double.NaN;

    /// <summary>What the server allocated per call (both payloads included), over the measured calls.</summary>
    public double ServerBytesPerCall => Calls > 0 ? (double)(After.AllocatedBytes - Before.AllocatedBytes) / Calls : double.NaN;

    public double ManagedAfterGcGrowthPercent => Growth(BeforeAfterGc.ManagedBytes, AfterAfterGc.ManagedBytes);

    private static double Growth(long before, long after) => before > 0 ? 100.0 * (after - before) / before : double.NaN;
}
