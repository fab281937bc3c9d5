using System.Diagnostics;
using System.Globalization;

namespace Zask.Testing;

/// <summary>Ways to stop a child process that every test project with child processes needs.</summary>
public static class ProcessStops
{
    /// <summary>
    /// SIGKILL to the process and its children, then a bounded wait for it to be reaped. Does nothing when it has
    /// exited or never started, so that cleanup code can always call it.
    /// </summary>
    public static void KillTree(this Process process, int waitMs = 10_000)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(waitMs);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
    }

    /// <summary>Sends SIGTERM (a polite stop: the child runs its shutdown code) through the kill command.</summary>
    public static void Terminate(this Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5_000);
    }
}
