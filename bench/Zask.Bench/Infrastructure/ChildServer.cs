using System.Diagnostics;
using System.Reflection;
using System.Text;
using Zask.Bench.Servers;

namespace Zask.Bench.Infrastructure;

/// <summary>
/// A server running in a child process (this same executable with a <c>serve-*</c> verb), so that client and
/// server never share a runtime, a GC or a thread pool. Disposing stops it, killing it if it lingers.
/// </summary>
internal sealed class ChildServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ChildServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<ChildServer> StartAsync(string verb, IReadOnlyList<string> extraArgs, TimeSpan timeout)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this executable");
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Launched as `dotnet Zask.Bench.dll`: the child needs the dll too.
            start.FileName = self;
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        else
        {
            start.FileName = self;
        }
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {verb}");
        var child = new ChildServer(process, port);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._stderr)
                {
                    child._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token);
                if (line is null)
                {
                    throw new InvalidOperationException($"{verb} exited before it was ready: {child.Errors}");
                }
                if (line == ServeCommand.ReadyLine)
                {
                    break;
                }
            }
        }
        catch
        {
            child.Dispose();
            throw;
        }
        // Keep draining stdout so that a chatty child never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return child;
    }

    private string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
