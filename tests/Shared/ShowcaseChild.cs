using System.Diagnostics;
using System.Text;

namespace Zask.Testing;

/// <summary>
/// The showcase as a real process, configured through a <c>CONFIG_PATH</c> file and bound to one endpoint, with
/// everything it writes to stdout and stderr kept for the test to read.
/// </summary>
public sealed class ShowcaseChild : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ShowcaseChild(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The endpoint the showcase was told to bind.</summary>
    public string Endpoint { get; }

    /// <summary>The lines written to stdout so far (all of them once <see cref="StopAsync"/> returned).</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToArray();
            }
        }
    }

    /// <summary>What was written to stderr so far.</summary>
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

    /// <summary>
    /// Writes <c>NAME.json</c> in <paramref name="folder"/>: a non-debug showcase whose logs and SQLite database stay
    /// in the folder, with <paramref name="entry"/> (JSON) as its <c>ZERORPC_SHOWCASE</c> entry and
    /// <paramref name="extraKeys"/> (JSON members, each followed by a comma) beside it.
    /// </summary>
    public static string WriteConfig(TempDir folder, string name, string entry, string extraKeys = "")
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.File($"{name}.json", $$"""
            {
              "DEBUG": false,
              "ERROR_LOG": "{{folder.Path}}/{{name}}.error.log",
              "ZERORPC_ACCESS_LOG": "{{folder.Path}}/{{name}}.access.log",
              "SQLALCHEMY_DATABASE_URI": "sqlite:///{{folder.Path}}/{{name}}.db",
              {{extraKeys}}
              "ZERORPC_SHOWCASE": {{entry}}
            }
            """);
    }

    /// <summary>The showcase built next to the test assembly (test projects that reference examples/Showcase get a copy).</summary>
    public static string DllNextToTests => Path.Combine(AppContext.BaseDirectory, "Showcase.dll");

    /// <summary>
    /// Starts <paramref name="showcaseDll"/> with <c>--bind <paramref name="endpoint"/></c> and, unless it is
    /// <c>null</c>, <c>CONFIG_PATH=<paramref name="configPath"/></c> and the <paramref name="environment"/> variables
    /// given, and returns once it printed that it serves.
    /// </summary>
    public static Task<ShowcaseChild> StartAsync(string showcaseDll, string? configPath, string endpoint,
        IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(showcaseDll, configPath, endpoint, [], environment ?? new Dictionary<string, string>());

    /// <summary>Starts the showcase with more command-line arguments and environment variables.</summary>
    public static async Task<ShowcaseChild> StartAsync(string showcaseDll, string? configPath, string endpoint,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        // The host running the tests (set by dotnet test), else the one on the PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(showcaseDll);
        info.ArgumentList.Add("--bind");
        info.ArgumentList.Add(endpoint);
        if (configPath is not null)
        {
            info.Environment["CONFIG_PATH"] = configPath;
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var child = new ShowcaseChild(new Process { StartInfo = info.WithoutDiagnostics() }, endpoint);
        child._process.OutputDataReceived += (_, e) => child.OnStdout(e.Data);
        child._process.ErrorDataReceived += (_, e) =>
        {
            lock (child._stderr)
            {
                child._stderr.AppendLine(e.Data);
            }
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        try
        {
            await child._serving.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            child.Dispose();
            throw new InvalidOperationException(
                $"the showcase did not print 'serving on' within {StartTimeout.TotalSeconds} s; stdout:\n{string.Join('\n', child.StdoutLines)}\nstderr:\n{child.Stderr}", ex);
        }
        return child;
    }

    /// <summary>Stops the showcase with SIGTERM (so that it flushes its logs) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        _process.Terminate();
        using var limit = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(limit.Token);
        // The parameterless wait also waits for the redirected output to be read to its end.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _process.KillTree();
        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _serving.TrySetException(new InvalidOperationException("the showcase closed its stdout"));
            return;
        }
        lock (_stdout)
        {
            _stdout.Add(line);
        }
        if (line.Contains("serving on ", StringComparison.Ordinal))
        {
            _serving.TrySetResult();
        }
    }
}
