using System.Diagnostics;

namespace Zask.Cli.Tests;

/// <summary>Runs the CLI in-process (through Program.RunAsync) or as a real <c>dotnet Zask.Cli.dll</c> process.</summary>
internal static class Cli
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static async Task<ProcessResult> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var started = Stopwatch.GetTimestamp();
        // A hang guard only: the tests assert what the CLI says and returns, never how long it took.
        var exitCode = await Program.RunAsync(args, stdout, stderr).WaitAsync(HangGuard);
        return new ProcessResult(exitCode, stdout.ToString(), stderr.ToString(), Stopwatch.GetElapsedTime(started));
    }

    public static async Task<ProcessResult> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo(BuildOutputs.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.WithoutDiagnostics().ArgumentList.Add(BuildOutputs.Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"zask {string.Join(' ', args)} did not exit within 60 s");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
    }
}
