using System.Diagnostics;
using System.Text.Json;

namespace Zask.Interop.Tests.Support;

/// <summary>
/// Our Python zerorpc caller (tests/interop/python/call.py on pyzmq + msgpack, run by Debian's /usr/bin/python3), and
/// whether the tests that use it run, fail (CI demands them) or are skipped.
/// </summary>
public static class PythonPeer
{
    /// <summary>The interpreter: Debian's, which has the python3-zmq and python3-msgpack packages.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The command that makes the peer usable on Debian or Ubuntu.</summary>
    public const string InstallCommand = "apt-get install python3-zmq python3-msgpack";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<(string? Script, string? Problem)> Located = new(Locate);

    /// <summary><c>true</c> when the interpreter, its modules and the script are all there.</summary>
    public static bool IsAvailable => Located.Value.Problem is null;

    /// <summary>Why the peer cannot be used, or <c>null</c>.</summary>
    public static string? Problem => Located.Value.Problem;

    /// <summary>
    /// Calls <paramref name="method"/> at <paramref name="endpoint"/> with the JSON array <paramref name="argsJson"/>
    /// and returns the first reply that is not a heartbeat: <c>{"name": ..., "args": ...}</c>.
    /// </summary>
    public static async Task<JsonElement> CallAsync(string endpoint, string method, string argsJson)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(
                $"The Python interop peer is required ({Requirement.RequireVariable}=1) but unusable: {Problem}. Install it with `{InstallCommand}`.");
        }
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Located.Value.Script!, endpoint, method, argsJson })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CallTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"call.py {method} did not exit within {CallTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"call.py {method} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    private static (string?, string?) Locate()
    {
        if (!File.Exists(Interpreter))
        {
            return (null, $"{Interpreter} does not exist");
        }
        var script = FindScript();
        if (script is null)
        {
            return (null, $"tests/interop/python/call.py was not found above {AppContext.BaseDirectory}");
        }
        var check = new ProcessStartInfo(Interpreter, ["-c", "import zmq, msgpack"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(check)!;
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            return (script, $"{Interpreter} -c 'import zmq, msgpack' did not finish within 30 s");
        }
        return process.ExitCode == 0
            ? (script, null)
            : (script, $"{Interpreter} cannot import zmq and msgpack ({error.Trim().Split('\n')[^1]})");
    }

    private static string? FindScript()
    {
        if (RepositoryRoot.TryPath is not { } root)
        {
            return null;
        }
        var script = Path.Combine(root, "tests", "interop", "python", "call.py");
        return File.Exists(script) ? script : null;
    }
}
