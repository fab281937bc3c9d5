using System.Collections.Concurrent;
using System.Text;

namespace Zask.Reliability.Tests.Support;

/// <summary>
/// A child process whose output is captured line by line, that can be SIGKILLed, and that is always killed on
/// dispose so a failing test never leaves a server or client behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _transcript = new();

    // One for the whole test run (a restarted child finds what its predecessor wrote), deleted when the run ends.
    private static readonly Lazy<string> ScratchDirectory = new(() =>
    {
        var scratch = new TempDir("zask-reliability-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => scratch.Dispose();
        return scratch.Path;
    });

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far (stdout and stderr), for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/>; <c>dotnet</c> runs the app host of the current runtime.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Children may write files (the showcase keeps a SQLite database): never into the repository.
            WorkingDirectory = ScratchDirectory.Value,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Keep the children light on a 2-core machine.
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_gcServer"] = "0";
        info.WithoutDiagnostics();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, "");
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, "[stderr] ");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts a .NET app (a built dll) with the same dotnet host that runs the tests.</summary>
    public static ChildProcess StartDotnet(string dll, params string[] arguments) =>
        Start(DotnetHost, [dll, .. arguments]);

    /// <summary>The dotnet executable running this test host (falls back to the one on PATH).</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Waits for a line that contains <paramref name="text"/>; returns that line.</summary>
    public string WaitForLine(string text, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(cts.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with the transcript.
        }
        throw new TimeoutException($"pid {SafeId()} did not print '{text}' within {within.TotalSeconds}s (exited: {_process.HasExited}); output:\n{Transcript}");
    }

    /// <summary>SIGKILL, the whole tree: no shutdown code runs, sockets die with the process.</summary>
    public void Kill()
    {
        _process.KillTree();
    }

    /// <summary>Sends SIGTERM (a polite stop) through the kill command.</summary>
    public void Terminate() => _process.Terminate();

    public bool WaitForExit(TimeSpan within) => _process.WaitForExit(within);

    public int ExitCode => _process.ExitCode;

    private void OnLine(string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }
        lock (_transcript)
        {
            _transcript.Append(prefix).AppendLine(line);
        }
        try
        {
            _lines.Add(line);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Output that arrives after dispose: nobody waits for it any more.
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    public void Dispose()
    {
        Kill();
        _lines.CompleteAdding();
        _process.Dispose();
    }
}
