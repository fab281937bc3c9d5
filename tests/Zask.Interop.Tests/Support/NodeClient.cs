using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Zask.Interop.Tests.Support;

/// <summary>Runs the one-shot zerorpc-node client (client.js) and parses the JSON line it prints.</summary>
public static class NodeClient
{
    /// <summary>
    /// Runs <c>node client.js ENDPOINT METHOD ARGS... --heartbeat MS [--stream] [--trace]</c>. Each element of
    /// <paramref name="jsonArgs"/> is one JSON argument. With <paramref name="trace"/> every received event is
    /// logged on stderr (to check which events our server sent). The process is killed after <paramref name="processTimeout"/>.
    /// </summary>
    public static async Task<NodeClientResult> RunAsync(
        string endpoint,
        string method,
        IEnumerable<string> jsonArgs,
        int heartbeatMilliseconds,
        bool stream = false,
        bool trace = false,
        double callTimeoutSeconds = 10,
        TimeSpan? processTimeout = null)
    {
        NodePeer.EnsureAvailable();
        var info = new ProcessStartInfo(NodePeer.NodeExecutable!)
        {
            WorkingDirectory = NodePeer.Directory!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("client.js");
        info.ArgumentList.Add("--timeout");
        info.ArgumentList.Add(callTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--heartbeat");
        info.ArgumentList.Add(heartbeatMilliseconds.ToString(CultureInfo.InvariantCulture));
        if (stream)
        {
            info.ArgumentList.Add("--stream");
        }
        if (trace)
        {
            info.ArgumentList.Add("--trace");
        }
        // "--" so that a JSON argument such as -1 is never taken for an option.
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(endpoint);
        info.ArgumentList.Add(method);
        foreach (var arg in jsonArgs)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node client.js did not start");
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        // Allow the call's own timeout plus node's start-up before declaring the process stuck.
        using var deadline = new CancellationTokenSource(processTimeout ?? TimeSpan.FromSeconds(callTimeoutSeconds + 15));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException(
                $"client.js {method} did not exit in time; stdout: {await stdoutTask}, stderr: {await stderrTask}");
        }
        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"client.js {method} printed nothing (exit {process.ExitCode}); stderr: {stderr}");
        using var document = JsonDocument.Parse(line);
        return new NodeClientResult(process.ExitCode, document.RootElement.Clone(), stdout, stderr);
    }
}
