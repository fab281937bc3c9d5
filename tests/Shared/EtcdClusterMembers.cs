using System.Diagnostics;
using System.Globalization;

namespace Zask.Testing;

/// <summary>Kills and restarts the members of the cluster started by .ci/start-etcd.sh (member-N/start, member-N/pid).</summary>
public static class EtcdClusterMembers
{
    private static string Dir => EtcdTestServers.ClusterDir ?? throw new InvalidOperationException($"ZASK_TEST_ETCD_CLUSTER_DIR is not set: {EtcdTestServers.Enable}");

    /// <summary>SIGKILLs member <paramref name="member"/> (1 to 3) and waits until it is gone.</summary>
    public static void Kill(int member)
    {
        using var process = Process.GetProcessById(Pid(member));
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Starts member <paramref name="member"/> again (it rejoins the cluster with its data).</summary>
    public static void Start(int member)
    {
        using var start = Process.Start(new ProcessStartInfo(Path.Combine(Dir, $"member-{member}", "start")) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not run member-{member}/start");
        start.WaitForExit();
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"member-{member}/start exited with {start.ExitCode}");
        }
    }

    /// <summary><c>true</c> while member <paramref name="member"/> runs.</summary>
    public static bool IsRunning(int member)
    {
        try
        {
            using var process = Process.GetProcessById(Pid(member));
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Kills every running member.</summary>
    public static void KillAll()
    {
        for (var member = 1; member <= 3; member++)
        {
            if (IsRunning(member))
            {
                Kill(member);
            }
        }
    }

    /// <summary>Starts every member that is not running (tests leave the cluster whole for the next one).</summary>
    public static void StartStopped()
    {
        for (var member = 1; member <= 3; member++)
        {
            if (!IsRunning(member))
            {
                Start(member);
            }
        }
    }

    private static int Pid(int member) =>
        int.Parse(File.ReadAllText(Path.Combine(Dir, $"member-{member}", "pid")).Trim(), CultureInfo.InvariantCulture);
}
