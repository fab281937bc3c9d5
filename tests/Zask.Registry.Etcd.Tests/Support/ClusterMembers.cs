using System.Diagnostics;

namespace Zask.Registry.Etcd.Tests.Support;

/// <summary>Kills and restarts the members of the cluster started by .ci/start-etcd.sh (member-N/start, member-N/pid).</summary>
internal static class ClusterMembers
{
    private static string Dir => EtcdEnv.ClusterDir ?? throw new InvalidOperationException($"ZASK_TEST_ETCD_CLUSTER_DIR is not set: {EtcdEnv.EnableCommand}");

    public static void Kill(int member)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Dir, $"member-{member}", "pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit();
    }

    public static void Start(int member)
    {
        using var start = Process.Start(new ProcessStartInfo(Path.Combine(Dir, $"member-{member}", "start")) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not run member-{member}/start");
        start.WaitForExit();
        start.ExitCode.Should().Be(0);
    }

    public static bool IsRunning(int member)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Dir, $"member-{member}", "pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
