using System.Globalization;

namespace Zask.Reliability.Tests.Support;

/// <summary>The showcase server as a real child process, so that it can be SIGKILLed like a crashed server.</summary>
public sealed class ShowcaseProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private ShowcaseProcess(ChildProcess process, string endpoint)
    {
        Process = process;
        Endpoint = endpoint;
    }

    public ChildProcess Process { get; }

    /// <summary>The endpoint the showcase reported it serves on.</summary>
    public string Endpoint { get; }

    /// <summary>Starts the showcase on <paramref name="bind"/> and waits until it serves.</summary>
    public static ShowcaseProcess Start(string bind, double heartbeatSeconds, string? networkNamespace = null)
    {
        string[] showcase = [RepositoryPaths.ShowcaseDll, "--bind", bind, "--heartbeat", heartbeatSeconds.ToString(CultureInfo.InvariantCulture)];
        var process = networkNamespace is null
            ? ChildProcess.StartDotnet(showcase[0], showcase[1..])
            // ip netns exec execs the command in place, so the pid killed is the server's own.
            : ChildProcess.Start("ip", ["netns", "exec", networkNamespace, ChildProcess.DotnetHost, .. showcase]);
        try
        {
            var line = process.WaitForLine("showcase serving on", StartTimeout);
            return new ShowcaseProcess(process, line[(line.LastIndexOf(' ') + 1)..].Trim());
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Starts the showcase on a free loopback port.</summary>
    public static ShowcaseProcess StartOnLoopback(double heartbeatSeconds) =>
        Start($"tcp://127.0.0.1:{FreePort.Next()}", heartbeatSeconds);

    /// <summary>SIGKILL: the server dies without replying, closing or flushing anything.</summary>
    public void Kill() => Process.Kill();

    public void Dispose() => Process.Dispose();
}
