using System.Diagnostics;
using System.Text;

namespace Zask.Interop.Tests.Support;

/// <summary>
/// A zerorpc-node server (server.js) running as a child process on a free loopback port; killed on dispose.
/// </summary>
public sealed class NodeServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private NodeServerProcess(Process process, string endpoint, StringBuilder stderr)
    {
        _process = process;
        Endpoint = endpoint;
        _stderr = stderr;
    }

    /// <summary>The endpoint the server bound, e.g. tcp://127.0.0.1:40123.</summary>
    public string Endpoint { get; }

    /// <summary>What the server wrote on stderr so far (its diagnostics), for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <c>node server.js tcp://127.0.0.1:* --heartbeat MS</c> and waits for its READY and ENDPOINT lines.</summary>
    public static async Task<NodeServerProcess> StartAsync(int heartbeatMilliseconds)
    {
        NodePeer.EnsureAvailable();
        var info = new ProcessStartInfo(NodePeer.NodeExecutable!)
        {
            WorkingDirectory = NodePeer.Directory!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add("tcp://127.0.0.1:*");
        info.ArgumentList.Add("--heartbeat");
        info.ArgumentList.Add(heartbeatMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The server also exits when our stdin pipe closes, so a crashed test host leaves no orphan behind.
        info.ArgumentList.Add("--exit-on-stdin-eof");

        var process = Process.Start(info) ?? throw new InvalidOperationException("node server.js did not start");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var endpoint = await ReadEndpointAsync(process, timeout.Token);
            return new NodeServerProcess(process, endpoint, stderr);
        }
        catch (Exception ex)
        {
            Kill(process);
            string diagnostics;
            lock (stderr)
            {
                diagnostics = stderr.ToString();
            }
            throw new InvalidOperationException(
                $"node server.js did not report READY and ENDPOINT within {StartTimeout.TotalSeconds} s ({ex.Message}). stderr:\n{diagnostics}", ex);
        }
    }

    private static async Task<string> ReadEndpointAsync(Process process, CancellationToken cancellationToken)
    {
        var ready = false;
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"the server exited (code {(process.HasExited ? process.ExitCode : -1)}) before binding");
            line = line.Trim();
            if (line == "READY")
            {
                ready = true;
            }
            else if (line.StartsWith("ENDPOINT ", StringComparison.Ordinal) && ready)
            {
                return line["ENDPOINT ".Length..].Trim();
            }
        }
    }

    private static void Kill(Process process)
    {
        process.KillTree(5000);
        process.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill(_process);
        return ValueTask.CompletedTask;
    }
}
