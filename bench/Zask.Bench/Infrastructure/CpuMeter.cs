using System.Diagnostics;

namespace Zask.Bench.Infrastructure;

/// <summary>
/// CPU time used by this process (the client) and by the current server child. CPU per call barely depends on what
/// else the machine runs, unlike calls per second, so it shows what a change saves even on a busy machine.
/// </summary>
internal static class CpuMeter
{
    /// <summary>The server child being measured, set while it runs.</summary>
    public static int? ServerProcessId { get; set; }

    public static CpuSnapshot Take()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(self.TotalProcessorTime, ServerTime(), GC.GetTotalAllocatedBytes(precise: true),
            ThreadPool.CompletedWorkItemCount, ContextSwitches.Of(Environment.ProcessId),
            ServerProcessId is { } pid ? ContextSwitches.Of(pid) : null);
    }

    private static TimeSpan? ServerTime()
    {
        if (ServerProcessId is not { } pid)
        {
            return null;
        }
        try
        {
            using var server = Process.GetProcessById(pid);
            return server.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>
/// CPU time of client and server, the managed bytes and thread-pool work items of the client, and the thread switches
/// of both, so far, at one instant.
/// </summary>
internal readonly record struct CpuSnapshot(TimeSpan Client, TimeSpan? Server, long ClientAllocatedBytes, long ClientWorkItems,
    long? ClientSwitches, long? ServerSwitches)
{
    /// <summary>Managed bytes this process (the client) allocated per call between this snapshot and <paramref name="later"/>.</summary>
    public double ClientBytesPerCall(CpuSnapshot later, long calls) =>
        calls <= 0 ? double.NaN : (double)(later.ClientAllocatedBytes - ClientAllocatedBytes) / calls;

    /// <summary>Microseconds of CPU per call on each side between this snapshot and <paramref name="later"/>.</summary>
    public (double Client, double Server) PerCall(CpuSnapshot later, long calls) =>
        calls <= 0
            ? (double.NaN, double.NaN)
            : ((later.Client - Client).TotalMicroseconds / calls,
               later.Server is { } after && Server is { } before ? (after - before).TotalMicroseconds / calls : double.NaN);
}
