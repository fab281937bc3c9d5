using System.Diagnostics;

namespace Zask.Zmtp.Tests.Support;

/// <summary>
/// The libzmq peer: Debian's /usr/bin/python3 with pyzmq (python3-zmq, libzmq 4.3.4). Tests that need it are
/// [PyzmqFact]s, skipped when it is missing unless CI demands interop (<see cref="Requirement.Pyzmq"/>).
/// </summary>
public static class PyZmq
{
    /// <summary>Starts the peer script in a role; see Interop/zmq_peer.py.</summary>
    public static PeerProcess Start(string role, string endpoint, params string[] args)
    {
        Requirement.Pyzmq.EnsureMet();
        return new PeerProcess(StartScript("zmq_peer.py", [role, endpoint, .. args]));
    }

    /// <summary>Starts one of the scripts in Interop/ on the Python that has pyzmq, with its standard streams redirected.</summary>
    internal static Process StartScript(string script, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Requirement.PythonExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"{Requirement.PythonExecutable} did not start");
    }
}
