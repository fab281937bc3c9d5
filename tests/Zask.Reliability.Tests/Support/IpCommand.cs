namespace Zask.Reliability.Tests.Support;

/// <summary>Runs the iproute2 <c>ip</c> command and reports its error text when it fails.</summary>
public static class IpCommand
{
    /// <summary>Runs <c>ip ARGS</c>; returns the exit code and the combined output.</summary>
    public static (int ExitCode, string Output) TryRun(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(15_000))
            {
                process.Kill();
                return (-1, $"ip {string.Join(' ', arguments)} did not finish in 15 s");
            }
            return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"the ip command is not available: {ex.Message}");
        }
    }

    /// <summary>Runs <c>ip ARGS</c> and throws with its output when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var (code, output) = TryRun(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {output}");
        }
    }
}
