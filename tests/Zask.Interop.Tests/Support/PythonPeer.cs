using System.Diagnostics;
using System.Text.Json;

namespace Zask.Interop.Tests.Support;

/// <summary>
/// Our Python zerorpc caller (tests/interop/python/call.py on pyzmq + msgpack, run by
/// <see cref="Requirement.PythonExecutable"/>); tests that use it are marked [PyzmqFact].
/// </summary>
public static class PythonPeer
{
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
    public static Task<JsonElement> CallAsync(string endpoint, string method, string argsJson) =>
        CallAsync(endpoint, method, argsJson, "{}");

    /// <summary>Calls as <see cref="CallAsync(string, string, string)"/>, with extra header keys (a JSON object).</summary>
    public static async Task<JsonElement> CallAsync(string endpoint, string method, string argsJson, string contextJson)
    {
        Requirement.Pyzmq.EnsureMet();
        if (Problem is { } problem)
        {
            throw new InvalidOperationException($"the Python caller is unusable: {problem}");
        }
        var info = new ProcessStartInfo(Requirement.PythonExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Located.Value.Script!, endpoint, method, argsJson, contextJson })
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
        var script = FindScript();
        if (script is null)
        {
            return (null, $"tests/interop/python/call.py was not found above {AppContext.BaseDirectory}");
        }
        return (script, Requirement.Pyzmq.Problem);
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
