using System.Diagnostics;

namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// The libzmq peer: Debian's /usr/bin/python3 with pyzmq (python3-zmq, libzmq 4.3.4). Tests that need it are skipped
/// when it is missing, unless CI requires interop (<c>ZASK_REQUIRE_INTEROP=1</c>), which turns that into a failure.
/// </summary>
public static class PyZmq
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> LazyProblem = new(FindProblem);

    /// <summary>Why the peer cannot run, or null.</summary>
    public static string? Problem => LazyProblem.Value;

    public static bool IsRequired => Environment.GetEnvironmentVariable("ZASK_REQUIRE_INTEROP") == "1";

    /// <summary>Starts the peer script in a role; see Interop/zmq_peer.py.</summary>
    public static PeerProcess Start(string role, string endpoint, params string[] args)
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException($"pyzmq peer required (ZASK_REQUIRE_INTEROP=1) but unusable: {Problem}. Install it with `apt-get install python3-zmq`.");
        }
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", "zmq_peer.py"));
        info.ArgumentList.Add(role);
        info.ArgumentList.Add(endpoint);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return new PeerProcess(Process.Start(info)!);
    }

    private static string? FindProblem()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} does not exist";
        }
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(Python, "-c \"import zmq\"") { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit(30_000);
            return probe.ExitCode == 0 ? null : $"{Python} cannot import zmq: {probe.StandardError.ReadToEnd().Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return ex.Message;
        }
    }
}
