using System.Globalization;

namespace Zask.Bench.Infrastructure;

/// <summary>
/// Thread switches of a process so far: the voluntary and involuntary context switches of its live threads, summed
/// from <c>/proc/PID/task/*/status</c> (Linux only; null elsewhere). A switch is a thread leaving its processor; how
/// many a round trip takes does not depend on how loaded the machine is, unlike its time.
/// </summary>
internal static class ContextSwitches
{
    public static long? Of(int processId)
    {
        var tasks = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended while we read: its switches are gone with it.
            }
        }
        return total;
    }
}
